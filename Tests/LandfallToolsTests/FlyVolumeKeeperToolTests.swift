import LandfallCore
import LandfallFakes
import LandfallRigs
import LandfallFly
import LandfallModel
import LandfallTestSupport
import LandfallTools
import Testing

/// The volume keeper over the fake flyctl: started only after the freeze, observed holding the
/// volume without services, chosen by the final pass, never destroyed.
@Suite(.ownThreads) struct FlyVolumeKeeperToolTests {
  let app = SampleWorld.appName
  let image = "registry.fly.io/notes-demo:deployment-01J9"

  /// The final pass is refused before it streams anything, so no program may start.
  struct NoPrograms: StreamingProgramLauncher {
    func stream(_ request: CommandRequest) throws(CommandError) -> any ProgramOutput {
      Issue.record("\(request.executable) started")
      throw .notFound(executable: request.executable)
    }
  }

  func copyTool(_ fly: FakeFlyctlCommandRunner) -> FlyVolumeCopyTool {
    FlyVolumeCopyTool(settings: VolumeCopySettings(
      fly: settings(fly), flyctl: FlyctlLocation(executable: "flyctl"), launcher: NoPrograms(),
      host: HostConnection(connector: FakeHostConnector(host: FakeHost()), target: nil)))
  }

  func settings(_ runner: any CommandRunner) -> FlyToolSettings {
    FlyToolSettings(
      app: app, appDirectory: "/nonexistent", flyctl: FlyctlClient(runner: runner, location: FlyctlLocation(executable: "flyctl")),
      files: InMemoryFileSource([:]))
  }

  func keep(_ fly: FakeFlyctlCommandRunner, volume: String = "notes_data") async throws -> ToolOutput {
    try await FlyVolumeKeeperTool(settings: settings(fly)).run(
      .object([("volume", .string(volume)), ("path", .string("/data")), ("image", .string(image))]), context: ToolContext(vault: SecretVault()))
  }

  @Test func beforeTheFreezeNoKeeperStartsAndAfterItOneHoldsTheVolumeWithoutServices() async throws {
    let fly = FakeFlyctlCommandRunner(state: SampleWorld.flyState)
    let early = try await keep(fly)
    #expect(early.isError && early.facts == [.flyRunning], "\(early.text)")
    #expect(await fly.requests.allSatisfy { $0.arguments.first == "status" }, "nothing but fly status runs before the freeze")

    let frozen = try await FlyFreezeTool(settings: settings(fly)).run(.object([]), context: ToolContext(vault: SecretVault()))
    #expect(frozen.text.contains("image the Machines ran (a volume keeper needs it after the freeze): \(image)"), "\(frozen.text)")
    let kept = try await keep(fly)
    #expect(!kept.isError, "\(kept.text)")
    #expect(kept.facts == [.flyObservedAtZero])
    let state = await fly.state.apps[0]
    let keeper = try #require(state.machines.first)
    #expect(state.machines.count == 1 && keeper.state == "started" && keeper.processGroup.isEmpty && !keeper.autostart)
    #expect(keeper.metadata.map(\.name) == ["landfall_role"])
    #expect(state.volumes.first?.attachedMachineId == keeper.id)
    #expect(kept.text.contains("fly machine destroy \(keeper.id) -a \(app) --force"))
    let run = try #require(await fly.requests.first { $0.arguments.starts(with: ["machine", "run"]) }).arguments
    #expect(run.contains("--volume") && run.contains("vol_4y5ze0m9k2lq1p7r:/data") && !run.contains("--port") && !run.contains("-p"))
    #expect(await fly.requests.allSatisfy { !$0.arguments.contains("destroy") })
    let cutover = CutoverSettings(
      connection: HostConnection(connector: FakeHostConnector(host: FakeHost()), target: nil), resolver: FakeDNSResolver { _ in [] },
      recursiveServer: DNSServer(host: "192.0.2.53"), transport: FakeHTTPSTransport(now: 0), fly: settings(fly),
      backupDirectory: "/nonexistent", files: RecordingFileWriter(), now: { 0 })
    let decommission = try #require(CutoverTools.all(cutover).first { $0.tool.spec.name == "decommission_plan" }?.tool)
    let plan = try await decommission.run(.object([]), context: ToolContext(vault: SecretVault()))
    #expect(plan.text.contains("fly machine destroy \(keeper.id) --app \(app) --force"), "phase 6 lists the keeper for the person: \(plan.text)")

    let launch = try await fly.run(CommandRequest(executable: "flyctl", arguments: ["status", "--json", "-a", app])).standardOutput
    let listed = try await fly.run(CommandRequest(executable: "flyctl", arguments: ["machine", "list", "--json", "-a", app])).standardOutput
    #expect(!launch.contains(keeper.id) && listed.contains(keeper.id), "fly status leaves out a Machine from fly machine run")
    let status = try await FlyStatusTool(settings: settings(fly)).run(.object([]), context: ToolContext(vault: SecretVault()))
    #expect(status.facts == [.flyObservedAtZero], "a keeper does not count as Fly running")
    let again = try await keep(fly)
    #expect(!again.isError && again.text.contains("already held by keeper Machine \(keeper.id)"), "\(again.text)")
    #expect(await fly.state.apps[0].machines.count == 1, "a second call starts no second keeper")
    _ = try await fly.run(CommandRequest(executable: "flyctl", arguments: ["machine", "stop", keeper.id, "-a", app]))
    let restarted = try await keep(fly)
    #expect(!restarted.isError && restarted.text.contains("started the keeper again (it was stopped)"), "\(restarted.text)")
    #expect(await fly.state.apps[0].machines.map(\.state) == ["started"], "a stopped keeper is started again for another final pass")
    let refreeze = try await FlyFreezeTool(settings: settings(fly)).run(.object([]), context: ToolContext(vault: SecretVault()))
    #expect(!refreeze.isError && refreeze.text.contains("nothing to scale"), "\(refreeze.text)")
    #expect(await fly.state.apps[0].machines.count == 1, "freezing again leaves the keeper")
  }

  @Test func theFinalPassRefusesAnAppMachineAndAnAbsentKeeper() async throws {
    var state = SampleWorld.flyState
    state.apps[0].machines = []
    state.apps[0].volumes[0].attachedMachineId = nil
    let fly = FakeFlyctlCommandRunner(state: state)
    let copy = copyTool(fly)
    func finalPass(_ machine: String?) async throws -> ToolOutput {
      var arguments: [(String, JSONValue)] = [("source_path", .string("/data")), ("target_path", .string("/mnt/data")), ("final", .bool(true))]
      if let machine { arguments.append(("machine", .string(machine))) }
      return try await copy.run(.object(arguments), context: ToolContext(vault: SecretVault()))
    }
    await #expect(throws: ToolFailure.self, "no keeper yet") { try await finalPass(nil) }
    _ = try await keep(fly)
    let keeper = try #require(await fly.state.apps[0].machines.first?.id)
    await #expect(throws: ToolFailure.self, "an id that is not the keeper") { try await finalPass("3d8d9015b21e89") }

    state = await fly.state
    state.apps[0].machines.append(.init(id: "9080e6f3a12b44", processGroup: "app", image: image))
    let serving = FakeFlyctlCommandRunner(state: state)
    let refused = try await copyTool(serving).run(
      .object([("source_path", .string("/data")), ("target_path", .string("/mnt/data")), ("final", .bool(true)), ("machine", .string(keeper))]),
      context: ToolContext(vault: SecretVault()))
    #expect(refused.isError && refused.facts == [.flyRunning], "\(refused.text)")
    #expect(await serving.requests.allSatisfy { $0.arguments.first == "status" }, "nothing is read while an app Machine runs")
  }

  @Test func aVolumeNameSharedByTwoVolumesNeedsTheIdAndTheFakeSSHReachesTheChosenMachine() async throws {
    var state = SampleWorld.flyState
    state.apps[0].machines = []
    state.apps[0].volumes = [
      .init(id: "vol_first000000001", name: "notes_data", sizeGb: 3, region: "iad"),
      .init(id: "vol_second00000002", name: "notes_data", sizeGb: 3, region: "ord"),
    ]
    let fly = FakeFlyctlCommandRunner(state: state)
    await #expect(throws: ToolFailure.self) { try await keep(fly) }
    let kept = try await keep(fly, volume: "vol_second00000002")
    #expect(!kept.isError, "\(kept.text)")
    let keeper = try #require(await fly.state.apps[0].machines.first)
    #expect(keeper.region == "ord")
    let env = try await fly.run(CommandRequest(executable: "flyctl", arguments: ["ssh", "console", "-a", app, "--machine", keeper.id, "-C", "printenv FLY_REGION"]))
    #expect(env.standardOutput == "ord\n")
    let wrong = try await fly.run(CommandRequest(executable: "flyctl", arguments: ["ssh", "console", "-a", app, "--machine", "0000", "-C", "printenv"]))
    #expect(wrong.exitCode == 1 && wrong.standardError.contains("not found/started"))
  }
}
