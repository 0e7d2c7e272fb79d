import LandfallPolicy
import Testing

@Suite struct DotenvTests {
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
