import LandfallPolicy
import LandfallTestSupport
import Testing

@Suite(.ownThreads) struct DotenvTests {
  @Test func readsTheCommonForms() throws {
    let text = "# comment\nexport A=1\nB = \"two words\\nline\"\nC='lit\\n'\nD=plain # note\n\nA=again\n"
    let entries = try Dotenv.parse(text)
    #expect(entries.map(\.name) == ["B", "C", "D", "A"])
    #expect(entries.map(\.value) == ["two words\nline", "lit\\n", "plain", "again"])
  }

  @Test func errorsNameTheLineButNotTheValue() {
    #expect(throws: Dotenv.LineError(line: 2, reason: "expected NAME=value")) { try Dotenv.parse("A=1\nnot-an-assignment\n") }
    do {
      _ = try Dotenv.parse("TOKEN=\"s3cret-unclosed\n")
    } catch {
      #expect(!error.description.contains("s3cret"))
    }
  }
}

@Suite(.ownThreads) struct DotenvRobustnessTests {
  @Test func parseErrorsNameTheKeyButNeverTheValue() {
    #expect(throws: Dotenv.LineError(line: 1, reason: "the name DB_URL is followed by characters a variable name cannot have")) {
      try Dotenv.parse("DB_URL: postgres://u:hunter2pw@db/x=1\n")
    }
    #expect(throws: Dotenv.LineError(line: 2, reason: "expected NAME=value")) { try Dotenv.parse("A=1\nghp_0123456789abcdefghijABCDEF\n") }
  }

  @Test func manyEntriesParseInLinearTime() throws {
    let text = (0..<40_000).map { "KEY_\($0 % 30_000)=value-\($0)" }.joined(separator: "\n")
    var entries: [(name: String, value: String)] = []
    let elapsed = try ThreadCPUTime.measure { entries = try Dotenv.parse(text) }
    #expect(entries.count == 30_000)
    #expect(entries.first { $0.name == "KEY_0" }?.value == "value-30000")
    #expect(elapsed < .seconds(5), "\(elapsed)")
  }
}
