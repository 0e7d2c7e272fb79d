import LandfallCore
import LandfallFakes
import LandfallModel
import LandfallPolicy
import LandfallTestSupport
import Testing

@Suite(.ownThreads) struct ToolRunnerTests {
  @Test func aDeniedCallNeverReachesTheToolAndEveryStepIsRecorded() async throws {
    let fixture = await RunnerFixture(permissions: SessionPermissions())
    let result = try await fixture.call("create_dns_record", .object([("type", .string("TXT"))]))
    #expect(result.ok == false)
    #expect(result.decision == .denied)
    #expect(result.reason.contains("--allow-writes"))
    #expect(await fixture.tools["create_dns_record"]?.received.isEmpty == true)
    let kinds = await fixture.log.events.map(\.kind)
    #expect(kinds == [.toolCall, .policyDecision, .toolResult])
  }

  @Test func yesApprovesRoutineWritesButNeverACost() async throws {
    let fixture = await RunnerFixture(permissions: SessionPermissions(allowWrites: true, assumeYes: true), approvals: [false])
    let routine = try await fixture.call("create_dns_record", .object([("type", .string("TXT"))]))
    #expect(routine.decision == .approved)
    #expect(routine.ok)
    _ = try await fixture.call("get_cost_estimate_vm", RunnerFixture.vmArguments)
    let paid = try await fixture.call("create_vm", RunnerFixture.vmArguments)
    #expect(paid.decision == .denied)
    #expect(paid.reason == "the person declined create_vm")
    let asked = await fixture.approver.requests
    #expect(asked.map(\.kind) == [.explicit])
    #expect(asked.first?.reasons.contains { $0.contains("$24.00/month") } == true)
  }

  @Test func secretsAreSubstitutedOnlyAtRunTimeAndRedactedEverywhereAfter() async throws {
    let fixture = await RunnerFixture(approvals: [true, true])
    let written = try await fixture.call(
      "host_write_env_file", .object([("values", .object([("APP_SECRET", .string("{{secret:APP_SECRET}}"))]))]))
    #expect(written.ok)
    let received = await fixture.tools["host_write_env_file"]?.received.first
    #expect(received?["values"]?["APP_SECRET"] == .string(RunnerFixture.canary))
    let echoed = try await fixture.call("host_exec", .object([("command", .string("env"))]))
    #expect(echoed.result == "APP_SECRET=[redacted:APP_SECRET]")
    let everything = await fixture.log.events.map { JSONWriter.string($0.json) }.joined()
    #expect(!everything.contains(RunnerFixture.canary))
    #expect(everything.contains("{{secret:APP_SECRET}}"))
  }

  @Test func unknownToolsAndBadArgumentsGoBackToTheModelAsErrors() async throws {
    let fixture = await RunnerFixture()
    let unknown = try await fixture.call("launch_rockets")
    #expect(unknown.result.hasPrefix("unknown tool launch_rockets; the tools are: get_cost_estimate_vm"))
    let invalid = try await fixture.call("list_regions", .object([("page", .string("two")), ("size", .int(1))]))
    #expect(invalid.result == "invalid arguments: arguments.page should be an integer, not a string; arguments.size is not a known parameter (known: page)")
  }

  @Test func theCostFlowSpendsOneApprovalPerEstimate() async throws {
    let fixture = await RunnerFixture(approvals: [true, true])
    let estimate = try await fixture.call("get_cost_estimate_vm", RunnerFixture.vmArguments)
    #expect(estimate.decision == .allowed)
    let created = try await fixture.call("create_vm", RunnerFixture.vmArguments)
    #expect(created.ok)
    #expect(created.decision == .approved)
    let costEvents = await fixture.log.events(of: .costEstimate)
    #expect(costEvents.first?["monthlyUSD"] == .double(24))
    let again = try await fixture.call("create_vm", RunnerFixture.vmArguments)
    #expect(again.decision == .denied)
    #expect(await fixture.runner.ledger.committedMonthlyUSD == 24)
  }
}
