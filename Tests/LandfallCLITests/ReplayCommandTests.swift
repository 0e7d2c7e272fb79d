import Foundation
import LandfallTestSupport
import Testing

@Suite(.ownThreads) struct ReplayCommandTests {
  let evals = CLI.repository.appendingPathComponent("evals").path
  let golden = CLI.repository.appendingPathComponent("transcripts/full-flow.jsonl").path

  func scratchFile(_ text: String) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("replay-\(UUID().uuidString).jsonl").path
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
  }

  @Test func theGoldenRecordingReplaysWithoutDrift() async throws {
    let result = try await CLI.run(["replay", golden, "--evals", evals])
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    #expect(result.stdout.contains("replay:full-flow.jsonl\tpass\t33\t39"))
  }

  @Test func aRecordingWithDifferentApprovalsIsDriftNamedAsAVerdict() async throws {
    let text = try String(contentsOfFile: golden, encoding: .utf8)
      .replacingOccurrences(of: #""scenario":"full-flow","#, with: "")
      .replacingOccurrences(of: #""name":"create_vm","approvalKind":"explicit","approved":true"#, with: #""name":"create_vm","approvalKind":"explicit","approved":false"#)
    let result = try await CLI.run(["replay", try scratchFile(text), "--evals", evals, "--json"])
    #expect(result.status == 1)
    #expect(result.stdout.contains("(create_vm): recorded approved, now denied"), "\(result.stdout)")
  }

  @Test func aSessionNamingNoScenarioIsReplayedAsItWasRecordedFromTheDatabase() async throws {
    let recording = CLI.repository.appendingPathComponent("transcripts/provision-with-approval.jsonl").path
    let text = try String(contentsOfFile: recording, encoding: .utf8)
      .replacingOccurrences(of: #""scenario":"provision-with-approval","#, with: "")
    let database = FileManager.default.temporaryDirectory.appendingPathComponent("replay-\(UUID().uuidString).db").path
    let imported = try await CLI.run(["transcripts", "import", try scratchFile(text), "--db", database])
    #expect(imported.status == 0, "\(imported.stderr)")
    let id = imported.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    let result = try await CLI.run(["replay", id, "--db", database, "--evals", evals])
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    #expect(result.stdout.contains("\tpass\t3\t4"))
  }

  @Test func neitherAFileNorASessionIsExitTwo() async throws {
    let database = FileManager.default.temporaryDirectory.appendingPathComponent("replay-\(UUID().uuidString).db").path
    let result = try await CLI.run(["replay", "no-such-session", "--db", database])
    #expect(result.status == 2)
    #expect(result.stderr.contains("no file or session named no-such-session"))
  }
}
