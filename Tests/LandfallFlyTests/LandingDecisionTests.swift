import LandfallCore
import LandfallFakes
import LandfallRigs
import LandfallFly
import LandfallModel
import LandfallTestSupport
import Testing

/// Where an app lands: one VM (Docker or Compose) by default; Kubernetes when asked, or when a
/// multi-group app's Machines are spread over regions.
@Suite(.ownThreads) struct LandingDecisionTests {
  static let webWorker = "app = 'chat'\n[processes]\nweb = 'serve'\nworker = 'work'\n[http_service]\ninternal_port = 3000\nprocesses = ['web']\n"

  static func world(_ placements: [(group: String, region: String)]) -> FlyAppSurvey {
    let machines = placements.enumerated().map { index, placement in
      FakeFlyState.Machine(
        id: "m\(index)", region: placement.region, state: "started", processGroup: placement.group, cpuKind: "shared", cpus: 1,
        memoryMb: 512, image: "registry.fly.io/chat:1", env: [], autostart: true)
    }
    let state = FakeFlyState(apps: [
      .init(name: "chat", organization: "acme", status: "deployed", postgres: false, machines: machines, volumes: [], secrets: [], ips: [], postgresUsers: [])
    ])
    return FlyAppSurvey(flyctl: FlyctlClient(runner: FakeFlyctlCommandRunner(state: state), location: .init(executable: "flyctl")))
  }

  @Test func severalGroupsInOneRegionLandOnOneVMWithCompose() async throws {
    let result = try await inventory(Self.webWorker, survey: Self.world([("web", "ams"), ("web", "ams"), ("worker", "ams")]))
    #expect(result.target == .vm)
    #expect(result.runtime == .compose)
    #expect(result.machines.count == 3)
    #expect(InventorySummary.text(result).contains("Docker Compose, one service per process group (web, worker)"))
  }

  @Test func aGroupSpreadOverRegionsSendsAMultiGroupAppToKubernetes() async throws {
    let result = try await inventory(Self.webWorker, survey: Self.world([("web", "ams"), ("web", "iad"), ("worker", "ams")]))
    #expect(result.target == .kubernetes)
    #expect(result.runtime == .kubernetes)
    #expect(result.kubernetesReason?.contains("web runs on 2 Machines in 2 regions (ams, iad)") == true)
    #expect(result.json["runtime"] == .string("kubernetes"))
  }

  @Test func aSingleGroupInSeveralRegionsStaysOnOneVM() async throws {
    let single = "app = 'chat'\n[http_service]\ninternal_port = 3000\n"
    let result = try await inventory(single, survey: Self.world([("app", "ams"), ("app", "iad")]))
    #expect(result.runtime == .docker)
  }

  @Test func thePersonsChoiceWinsBothWays() async throws {
    let files = InMemoryFileSource(["app/fly.toml": Self.webWorker])
    let spread = InventoryBuilder(files: files, survey: Self.world([("web", "ams"), ("web", "iad")]))
    let kept = try await spread.build(appDirectory: "app", requestedTarget: .vm)
    #expect(kept.runtime == .compose)
    let single = InventoryBuilder(files: InMemoryFileSource(["app/fly.toml": "app = 'x'\n"]), survey: nil)
    let asked = try await single.build(appDirectory: "app", requestedTarget: .kubernetes)
    #expect(asked.runtime == .kubernetes)
    #expect(asked.kubernetesReason == "the person asked for managed Kubernetes")
  }
}
