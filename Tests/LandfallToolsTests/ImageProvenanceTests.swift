import LandfallCore
import LandfallFakes
import LandfallModel
import LandfallPolicy
import LandfallTools
import Testing

/// Only an image built from the app's code in this session, pushed by it, run by the app's own
/// Fly Machines, or named by fly.toml runs with the app's secrets: any other image is code the
/// model chose.
@Suite(.ownThreads) struct ImageProvenanceTests {
  @Test func anImageRunsOnlyOnceItIsKnownToBeTheApps() {
    var state = MigrationInvariants(app: AppProfile(keepsData: true))
    let denied = state.verdict(for: .runsImage("alpine:3"))
    #expect(denied.decision == .deny)
    #expect(denied.reason.contains("alpine:3 is not an image this session built"))
    state.observe(.imageReady("notes-demo:landfall-1"))
    #expect(state.verdict(for: .runsImage("notes-demo:landfall-1")).decision == .allow)
    #expect(state.verdict(for: .runsImage("notes-demo:landfall-2")).decision == .deny)
    #expect(state.verdict(for: .runsImage("")).decision == .deny)

    let published = MigrationInvariants(app: AppProfile(image: "ghcr.io/example/app:1.4"))
    #expect(published.verdict(for: .runsImage("ghcr.io/example/app:1.4")).decision == .allow)
    #expect(MigrationFact(name: "image_ready", detail: "notes:1") == .imageReady("notes:1"))
  }

  @Test func buildingTheImageReportsItAndEveryToolThatRunsOneDeclaresIt() async throws {
    let bench = ReleaseCommandTests.Bench(example: "notes")
    _ = try await bench.run("host_install_docker", .object([]))
    let built = try await bench.run("host_build_image", .object([("tag", .string("notes:7"))]))
    #expect(!built.isError && built.facts == [.imageReady("notes:7")], "\(built.text)")

    let image: JSONValue = .object([("name", .string("probe")), ("image", .string("alpine:3")), ("ports", .array([]))])
    for (name, arguments) in [("host_run_container", image), ("host_release_command", .object([("image", .string("alpine:3"))]))] {
      let tool = try #require(bench.tools[name])
      #expect(tool.action(for: arguments).parts.contains(.runsImage("alpine:3")), "\(name)")
    }
    let kube = KubeApplyTool(settings: KubernetesManifestsTests.chatterboxWithSecrets(), kubectl: RecordingKubectl())
    #expect(kube.action(for: .object([("image", .string("alpine:3"))])).parts.contains(.runsImage("alpine:3")))
    #expect(FlyVolumeKeeperTool(settings: KubernetesManifestsTests.chatterboxWithSecrets()).action(for: .object([("image", .string("alpine:3"))])) == .runsImage("alpine:3"))
  }
}
