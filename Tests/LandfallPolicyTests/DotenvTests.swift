import LandfallModel
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
    #expect(throws: InputError("expected NAME=value", line: 2)) { try Dotenv.parse("A=1\nnot-an-assignment\n") }
    do {
      _ = try Dotenv.parse("TOKEN=\"s3cret-unclosed\n")
    } catch {
      #expect(!error.description.contains("s3cret"))
    }
  }
}

@Suite(.ownThreads) struct DotenvRobustnessTests {
  static let badName = "the text before = is not a variable name (letters, digits, _, . and -, not starting with a digit)"

  @Test func parseErrorsPointAtTheBadCharacterButNeverQuoteTheValue() {
    #expect(throws: InputError(Self.badName, line: 1, column: 7)) {
      try Dotenv.parse("DB_URL: postgres://u:hunter2pw@db/x=1\n")
    }
    #expect(throws: InputError("expected NAME=value", line: 2)) { try Dotenv.parse("A=1\nghp_0123456789abcdefghijABCDEF\n") }
    #expect(throws: InputError(Self.badName, line: 3, column: 3)) { try Dotenv.parse("A=1\n\n  9lives=x\n") }
    #expect(throws: InputError(Self.badName, line: 1, column: 9)) { try Dotenv.parse("export  =value\n") }
  }

  @Test(arguments: [
    "c2VjcmV0LXZhbHVlLTE5+Zm9vYmFy/YmF6cXV4==\n",
    "API_KEY=ok\nsk-live-51Habcdefghijklmnop\n",
    "API_KEY=ok\r\nTOKEN=\"sk-live-51Habcdefghijklmnop\r\n",
    "sk-live-51Habcdefghijklmnop:x=1\n",
    "  sk-live-51Habcdefghijklmnop x=1\n",
  ])
  func aLineThatIsASecretNeverReachesTheError(text: String) {
    do {
      _ = try Dotenv.parse(text)
      Issue.record("expected an error for \(text)")
    } catch {
      let shown = error.from("secrets.env").description
      #expect(shown.hasPrefix("secrets.env:"), "\(shown)")
      for fragment in ["c2Vj", "Zm9v", "sk-live", "51Hab"] {
        #expect(!shown.contains(fragment), "\(shown)")
      }
    }
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
