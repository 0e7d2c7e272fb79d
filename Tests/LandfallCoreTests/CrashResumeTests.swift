import LandfallCore
import LandfallFakes
import LandfallRigs
import LandfallModel
import LandfallPolicy
import LandfallTestSupport
import Testing

/// A session killed at any point of a billable call, then resumed from what its transcript
/// holds, never pays twice: the estimate is spent (and its cost counted) before the cloud is
/// asked, so a retry after the crash finds no estimate to spend again.
@Suite(.ownThreads) struct CrashResumeTests {
  static let monthly = 24.0

  /// A billable tool that notes how many events the transcript held when the cloud was asked.
  struct MomentNotingTool: Tool {
    let log: InMemoryEventLog
    let moments: Collected<Int>

    var spec: ToolSpec {
      ToolSpec(
        name: "create_vm_noted", description: "creates a VM", inputSchema: .object([("type", .string("object"))]), effect: .write,
        billable: true, pricedBy: "get_cost_estimate_vm")
    }

    func run(_ arguments: JSONValue, context: ToolContext) async throws(ToolFailure) -> ToolOutput {
      moments.add(await log.events.count)
      return ToolOutput(#"{"id": "vm-1"}"#)
    }
  }

  @Test func aSessionKilledAfterAnyEventNeverPaysTwice() async throws {
    let log = InMemoryEventLog()
    let moments = Collected<Int>()
    let original = await RunnerFixture(approvals: [true], extra: [MomentNotingTool(log: log, moments: moments)], log: log)
    _ = try await original.call("get_cost_estimate_vm", RunnerFixture.vmArguments)
    let created = try await original.call("create_vm_noted", RunnerFixture.vmArguments)
    #expect(created.ok)
    let events = await original.log.events
    let askedAt = try #require(moments.all.first)
    for cut in 0...events.count {
      let kept = Array(events.prefix(cut))
      let cloudCreatedBeforeTheCrash = cut >= askedAt ? 1 : 0
      let resumed = await RunnerFixture(approvals: [true, true])
      await resumed.runner.restore(from: kept)
      let retry = try await resumed.call("create_vm", RunnerFixture.vmArguments)
      let createdAfter = await resumed.tools["create_vm"]?.received.count ?? 0
      let machines = cloudCreatedBeforeTheCrash + createdAfter
      #expect(machines <= 1, "cut after event \(cut): \(machines) machines for one estimate")
      let committed = await resumed.runner.ledger.committedMonthlyUSD
      #expect(committed == Double(machines) * Self.monthly, "cut after event \(cut): \(committed) committed for \(machines) machines")
      if cut >= askedAt { #expect(retry.decision == .denied, "cut after event \(cut): the retry spent the estimate again") }
    }
  }

  @Test func aCallThatSentNothingGivesItsEstimateBackAndAnErrorAnswerKeepsItSpent() async throws {
    let refusing = ScriptedTool(
      name: "create_vm_refused", effect: .write, billable: true, pricedBy: "get_cost_estimate_vm",
      outputs: [.failure(.failed("the request was not sent")), .success(ToolOutput("502 from the cloud", isError: true))])
    let fixture = await RunnerFixture(approvals: [true, true, true], extra: [refusing])
    _ = try await fixture.call("get_cost_estimate_vm", RunnerFixture.vmArguments)
    let first = try await fixture.call("create_vm_refused", RunnerFixture.vmArguments)
    #expect(!first.ok)
    #expect(await fixture.runner.ledger.committedMonthlyUSD == 0)
    let events = await fixture.log.events
    #expect(events.contains { $0.kind == .costRelease })
    let resumed = await RunnerFixture(approvals: [true])
    await resumed.runner.restore(from: events)
    #expect(await resumed.runner.ledger.committedMonthlyUSD == 0)
    let second = try await fixture.call("create_vm_refused", RunnerFixture.vmArguments)
    #expect(!second.ok)
    #expect(await fixture.runner.ledger.committedMonthlyUSD == Self.monthly, "an error answer may still have created something")
    let third = try await fixture.call("create_vm", RunnerFixture.vmArguments)
    #expect(third.decision == .denied, "the estimate an ambiguous error used was spent again")
  }

  @Test(arguments: [ToolFailure.unavailable("the server cannot be reached"), .interrupted("the server stopped mid-call")])
  func aServerThatDiesMidCallLeavesTheCostCountedAndSaysTheOutcomeIsUnknown(failure: ToolFailure) async throws {
    let dying = ScriptedTool(
      name: "create_vm_dying", effect: .write, billable: true, pricedBy: "get_cost_estimate_vm", outputs: [.failure(failure)])
    let fixture = await RunnerFixture(approvals: [true], extra: [dying])
    _ = try await fixture.call("get_cost_estimate_vm", RunnerFixture.vmArguments)
    let result = try await fixture.call("create_vm_dying", RunnerFixture.vmArguments)
    #expect(!result.ok)
    #expect(result.result.contains("unknown"), "\(result.result)")
    #expect(await fixture.runner.ledger.committedMonthlyUSD == Self.monthly)
  }
}
