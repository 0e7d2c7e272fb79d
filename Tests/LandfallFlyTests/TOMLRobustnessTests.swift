import LandfallModel
import LandfallTestSupport
import LandfallTOML
import Testing

@Suite(.ownThreads) struct TOMLRobustnessTests {
  @Test(arguments: ["[[\n\\u00\t1.5]]\\u00\\", "[\nkey = 1", "[ ]", "= 1", "a = 1\n}", "[[\n"])
  func shapesThatAbortTheCParserAreSyntaxErrors(text: String) {
    #expect(throws: InputError.self) { try TOMLDocument.parse(text) }
  }

  @Test func validFilesStillParse() throws {
    let text = "# c\n[a]\nk = [\n  1,\n  2, # two\n]\n[[b.c]]\n'q' = \"\"\"x\n[not a header]\n\"\"\"\nt = { x = [1, {y = 2}] }\n"
    let tree = try TOMLDocument.parse(text)
    #expect(tree["a"]?["k"]?.arrayValue?.count == 2)
    #expect(tree["b"]?["c"]?.arrayValue?.first?["t"]?["x"]?.arrayValue?.count == 2)
    #expect(tree["b"]?["c"]?.arrayValue?.first?["q"]?.stringValue == "x\n[not a header]\n")
  }

  @Test func controlCharactersAndBrokenUTF8AreReportedWhereTheyAre() {
    #expect(throws: InputError("control character U+1 is not allowed in TOML", line: 2, column: 5)) {
      try TOMLDocument.parse("a = 1\nb = \u{01}\n")
    }
  }

  @Test func structuralErrorsAndParserErrorsGiveLineAndColumn() {
    #expect(throws: InputError("a line must start with a key or a table header", line: 3, column: 3)) {
      try TOMLDocument.parse("a = 1\n\n  }\n")
    }
    do {
      _ = try TOMLDocument.parse("app = \"x\"\nprimary_region = = 'iad'\n")
      Issue.record("expected an error")
    } catch {
      #expect(error.line == 2)
      #expect(error.column == 18)
      #expect(!error.message.isEmpty)
    }
  }

  @Test func tokenSoupNeverAbortsTheProcess() {
    let tokens = ["[", "]", "[[", "]]", "=", "\"", "'", "\"\"\"", "'''", "{", "}", ",", ".", "a", "key", "1", "1.5", "-", "_", "#",
                  "\n", " ", "\t", "true", "1979-05-27T07:32:00Z", "\\", "\\u00", "é", "😀", "inf", "0x", "+", ":", "\r\n"]
    var state: UInt64 = 0x5EED
    func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
    for _ in 0..<3_000 {
      let text = (0..<(1 + next(60))).map { _ in tokens[next(tokens.count)] }.joined()
      _ = try? TOMLDocument.parse(text)
    }
  }
}
