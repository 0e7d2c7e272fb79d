import Foundation
import LandfallModel
import LandfallTestSupport
import Testing

/// `landfall manifests`: the files a person applies by hand, pulling from a private registry on request.
@Suite(.ownThreads) struct ManifestsCommandTests {
  @Test func pullSecretMakesEveryPodPullWithTheRegistrySecret() async throws {
    let out = try CLI.temporaryDirectory()
    let app = CLI.repository.appendingPathComponent("examples/chatterbox").path
    let home = try CLI.temporaryDirectory()
    let env = ["HOME": home.path, "XDG_DATA_HOME": home.path, "LANDFALL_FLYCTL": "/nonexistent/flyctl"]
    let plain = try await CLI.run(["manifests", "--app-dir", app, "--out", out.path + "/plain", "--image", "ghcr.io/acme/chat:1"], environment: env)
    #expect(plain.status == 0, "\(plain.stderr)")
    let pulling = try await CLI.run(
      ["manifests", "--app-dir", app, "--out", out.path + "/private", "--image", "ghcr.io/acme/chat:1", "--pull-secret"], environment: env)
    #expect(pulling.status == 0, "\(pulling.stderr)")
    let before = try String(contentsOfFile: out.path + "/plain/deployments.yaml", encoding: .utf8)
    let after = try String(contentsOfFile: out.path + "/private/deployments.yaml", encoding: .utf8)
    #expect(!before.contains("imagePullSecrets"))
    #expect(after.components(separatedBy: "imagePullSecrets:").count == 3, "both Deployments pull with it:\n\(after)")
    #expect(after.contains("name: \"chatterbox-registry\""))
    #expect(try String(contentsOfFile: out.path + "/private/job.yaml", encoding: .utf8).contains("imagePullSecrets:"))
  }
}
