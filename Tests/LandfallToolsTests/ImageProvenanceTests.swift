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
  @Test func anImageRunsOnlyWhereItIsKnownToBeTheApps() {
    var state = MigrationInvariants(app: AppProfile(keepsData: true))
    let denied = state.verdict(for: .runsImage("alpine:3", on: .vm))
    #expect(denied.decision == .deny)
    #expect(denied.reason.contains("alpine:3 is not one host_build_image built"))
    state.observe(.imageReady("notes-demo:landfall-1", .vm))
    #expect(state.verdict(for: .runsImage("notes-demo:landfall-1", on: .vm)).decision == .allow)
    #expect(state.verdict(for: .runsImage("notes-demo:landfall-2", on: .vm)).decision == .deny)
    #expect(state.verdict(for: .runsImage("", on: .vm)).decision == .deny)

    state.observe(.imageReady("docker.io/attacker/evil:1", .vm))
    #expect(state.verdict(for: .runsImage("docker.io/attacker/evil:1", on: .fly)).decision == .deny, "a tag built on the VM says nothing of what Fly would pull")
    #expect(state.verdict(for: .runsImage("docker.io/attacker/evil:1", on: .registry)).decision == .deny, "nor of what a cluster would pull")
    state.observe(.imageReady("registry.fly.io/notes-demo:deployment-01", .fly))
    #expect(state.verdict(for: .runsImage("registry.fly.io/notes-demo:deployment-01", on: .fly)).decision == .allow)

    let published = MigrationInvariants(app: AppProfile(image: "ghcr.io/example/app:1.4"))
    #expect(published.verdict(for: .runsImage("ghcr.io/example/app:1.4", on: .vm)).decision == .allow)
    #expect(published.verdict(for: .runsImage("ghcr.io/example/app:1.4", on: .fly)).decision == .deny)
    for place in ImagePlace.allCases {
      #expect(MigrationFact(name: place.factName, detail: "notes:1") == .imageReady("notes:1", place))
    }
  }

  @Test func buildingTheImageReportsItAndEveryToolThatRunsOneDeclaresIt() async throws {
    let bench = ReleaseCommandTests.Bench(example: "notes")
    _ = try await bench.run("host_install_docker", .object([]))
    let built = try await bench.run("host_build_image", .object([("tag", .string("notes:7"))]))
    #expect(!built.isError && built.facts == [.imageReady("notes:7", .vm)], "\(built.text)")

    let image: JSONValue = .object([("name", .string("probe")), ("image", .string("alpine:3")), ("ports", .array([]))])
    for (name, arguments) in [("host_run_container", image), ("host_release_command", .object([("image", .string("alpine:3"))]))] {
      let tool = try #require(bench.tools[name])
      #expect(tool.action(for: arguments).parts.contains(.runsImage("alpine:3", on: .vm)), "\(name)")
    }
    let kube = KubeApplyTool(settings: KubernetesManifestsTests.chatterboxWithSecrets(), kubectl: RecordingKubectl())
    #expect(kube.action(for: .object([("image", .string("alpine:3"))])).parts.contains(.runsImage("alpine:3", on: .registry)))
    #expect(FlyVolumeKeeperTool(settings: KubernetesManifestsTests.chatterboxWithSecrets()).action(for: .object([("image", .string("alpine:3"))])) == .runsImage("alpine:3", on: .fly))
  }
}
