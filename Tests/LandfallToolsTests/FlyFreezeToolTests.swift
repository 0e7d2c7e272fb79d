import LandfallCore
import LandfallFakes
import LandfallRigs
import LandfallFly
import LandfallModel
import LandfallTestSupport
import LandfallTools
import Testing

@Suite(.ownThreads) struct FlyFreezeToolTests {
  func settings(_ runner: any CommandRunner) -> FlyToolSettings {
    FlyToolSettings(
      app: SampleWorld.appName, appDirectory: "/nonexistent", flyctl: FlyctlClient(runner: runner, location: FlyctlLocation(executable: "flyctl")),
      files: InMemoryFileSource([:]))
  }

  @Test func freezingScalesEveryGroupToZeroAndOnlyTheObservationReportsFlyAtZero() async throws {
    var state = SampleWorld.flyState
    state.apps[0].machines.append(.init(id: "9080e6f3a12b44", region: "iad", processGroup: "worker", image: "registry.fly.io/notes-demo:deployment-01J9"))
    let fly = FakeFlyctlCommandRunner(state: state)
    let output = try await FlyFreezeTool(settings: settings(fly)).run(.object([]), context: ToolContext(vault: SecretVault()))
    #expect(!output.isError, "\(output.text)")
    #expect(output.facts.first == .flyObservedAtZero)
    #expect(output.facts.contains(.imageReady("registry.fly.io/notes-demo:deployment-01J9", .fly)), "the image the app's Machines ran is the app's")
    let after = await fly.state.apps[0]
    #expect(after.machines.isEmpty)
    #expect(after.volumes.map(\.name) == ["notes_data"])
    let commands = await fly.requests.map(\.arguments)
    #expect(commands == [
      ["status", "--json", "-a", SampleWorld.appName],
      ["scale", "count", "app=0", "worker=0", "--yes", "-a", SampleWorld.appName],
      ["status", "--json", "-a", SampleWorld.appName],
    ])
  }

  @Test func aMachineStillRunningAfterTheScaleIsReportedAndNotCountedAsFrozen() async throws {
    let running = """
      {"Machines": [{"id": "3d8d9015b21e89", "region": "iad", "state": "started", "config": {"metadata": {"fly_process_group": "app"}}}]}
      """
    let app = SampleWorld.appName
    let fly = ScriptedCommandRunner(answers: [
      ["status", "--json", "-a", app]: .success(CommandResult(exitCode: 0, standardOutput: running, standardError: "")),
      ["scale", "count", "app=0", "--yes", "-a", app]: .success(CommandResult(exitCode: 0, standardOutput: "Executing scale plan\n", standardError: "")),
    ])
    let output = try await FlyFreezeTool(settings: settings(fly)).run(.object([]), context: ToolContext(vault: SecretVault()))
    #expect(output.isError)
    #expect(output.facts == [.flyRunning])
    #expect(output.text.contains("NOT FROZEN"))
  }

  @Test func aVolumeKeeperWithoutServicesIsNotFlyRunningButOneWithServicesIs() async throws {
    func status(_ services: String) -> String {
      """
      {"Machines": [{"id": "5683d4e7b14e28", "region": "iad", "state": "started",
        "config": {"metadata": {"fly_process_group": "app", "landfall_role": "volume-keeper"}, "services": \(services)}}]}
      """
    }
    let app = SampleWorld.appName
    for (services, frozen) in [("[]", true), (#"[{"internal_port": 8080}]"#, false)] {
      let fly = ScriptedCommandRunner(answers: [
        ["status", "--json", "-a", app]: .success(CommandResult(exitCode: 0, standardOutput: status(services), standardError: "")),
      ])
      let output = try await FlyStatusTool(settings: settings(fly)).run(.object([]), context: ToolContext(vault: SecretVault()))
      #expect(output.facts == [frozen ? .flyObservedAtZero : .flyRunning], "services \(services)")
    }
  }
}
