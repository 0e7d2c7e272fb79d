import LandfallModel
import LandfallTestSupport
import Testing

@Suite(.ownThreads) struct InputErrorTests {
  @Test func printsLikeACompilerOnceTheSourceIsKnown() {
    let error = InputError("expected ':' after a key", line: 3, column: 14)
    #expect(error.description == "line 3, column 14: expected ':' after a key")
    #expect(error.from("app/fly.json").description == "app/fly.json:3:14: expected ':' after a key")
    #expect(InputError("expected NAME=value", line: 2).from("secrets.env").description == "secrets.env:2: expected NAME=value")
    #expect(InputError("needs an \"id\"", source: "evals/a/scenario.json").description == "evals/a/scenario.json: needs an \"id\"")
    #expect(InputError("no line", column: 4).description == "no line")
    #expect(InputError("the store is full").description == "the store is full")
  }

  @Test func settingTheSourceKeepsTheRest() {
    let error = InputError("bad", source: "a", line: 1, column: 2).from("b")
    #expect(error == InputError("bad", source: "b", line: 1, column: 2))
  }

  @Test func jsonErrorsCarryLineAndColumn() {
    #expect(throws: InputError("invalid JSON: expected ',' or '}' in an object", line: 3, column: 3)) {
      try JSONParser.parse("{\n  \"a\": 1\n  \"b\": 2\n}")
    }
  }

  @Test(arguments: [
    ("{\"seq\":1,\"at\":\"t\",\"kind\":\"user_message\"}\n\n\n{\"seq\":2,\"at\":\"t\"}\n", 4, nil),
    ("{\"seq\":1,\"at\":\"t\",\"kind\":\"user_message\"}\r\n{\"seq\":2,\"at\":\"t\",\"kind\":\"no_such_kind\"}\r\n", 2, nil),
    ("\n{\"seq\":1,\"at\":\"t\",\"kind\":\"user_message\"}\n{\"seq\": 2, \"at\" \"t\"}\n", 3, 17),
  ] as [(String, Int, Int?)])
  func transcriptErrorsNameTheLineCountingBlankOnes(text: String, line: Int, column: Int?) {
    do {
      _ = try TranscriptEvent.parse(jsonl: text)
      Issue.record("expected an error")
    } catch {
      #expect(error.line == line)
      #expect(error.column == column)
      #expect(error.source == nil)
    }
  }
}
