import Foundation
import LandfallTestSupport
import Testing

@Suite(.ownThreads) struct ForgetSecretsCommandTests {
  @Test func theSecretsASessionKeptForResumeCanBeDeleted() async throws {
    let home = try CLI.temporaryDirectory()
    let environment = ["XDG_DATA_HOME": home.path, "HOME": home.path]
    let folder = home.path + "/landfall/vaults"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try Data(#"{"entries":[]}"#.utf8).write(to: URL(fileURLWithPath: folder + "/s1-abc.json"))
    let first = try await CLI.run(["transcripts", "forget-secrets", "s1-abc"], environment: environment)
    #expect(first.status == 0, "\(first.stderr)")
    #expect(first.stdout.contains("deleted the secrets kept for session s1-abc"))
    #expect(!FileManager.default.fileExists(atPath: folder + "/s1-abc.json"))
    let again = try await CLI.run(["transcripts", "forget-secrets", "s1-abc"], environment: environment)
    #expect(again.status == 0 && again.stdout.contains("no secrets were kept"))
    let outside = try await CLI.run(["transcripts", "forget-secrets", "../../etc/x"], environment: environment)
    #expect(outside.status == 2, "\(outside.stderr)")
  }
}
