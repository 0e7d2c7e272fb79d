import Foundation
import LandfallModel
import LandfallTestSupport
import Testing

@Suite(.ownThreads) struct GenerateSSHKeyTests {
  @Test func theKeyIsSavedPrivatelyAndNeverShown() async throws {
    let home = try CLI.temporaryDirectory()
    let env = ["HOME": home.path, "XDG_DATA_HOME": home.path + "/data"]
    let result = try await CLI.run(
      ["tools", "call", "generate_ssh_key", #"{"name": "web-1"}"#, "--sandbox", "--sandbox-state", home.path + "/box", "--allow-writes", "--phase", "3"],
      environment: env, stdin: "y\n")
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    let path = home.path + "/box/ssh/landfall-web-1"
    #expect(!FileManager.default.fileExists(atPath: home.path + "/.ssh"), "the sandbox wrote into ~/.ssh")
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    #expect((attributes[.posixPermissions] as? Int) == 0o600)
    let privateKey = try String(contentsOfFile: path, encoding: .utf8)
    #expect(privateKey.contains("PRIVATE KEY"))
    #expect(!result.stdout.contains("PRIVATE KEY"))
    #expect(result.stdout.contains("ssh-ed25519 "))
    let session = try await CLI.run(["transcripts", "list"], environment: env).stdout.split(separator: "\t").first.map(String.init) ?? ""
    let export = try await CLI.run(["transcripts", "export", session], environment: env).stdout
    let body = privateKey.split(separator: "\n").dropFirst().first.map(String.init) ?? "missing"
    #expect(!export.contains(body))
  }
}
