import LandfallModel
import LandfallPolicy
import LandfallTestSupport
import Testing

@Suite(.ownThreads) struct CostLedgerTests {
  static func vm(name: String = "web", region: String = "us-west-0", cpu: Int = 2, memory: Int = 4096, disk: Int = 40, period: String = "hourly")
    -> JSONValue
  {
    .object([
      ("name", .string(name)), ("region", .string(region)), ("vmPackage", .string("standard-custom")),
      ("vmSpecs", .object([("vcpu", .int(cpu)), ("memoryMb", .int(memory)), ("rootDiskGb", .int(disk))])),
      ("image", .string("ubuntu-24.04")), ("subscriptionPeriod", .string(period)),
    ])
  }

  static func estimate(monthly: Double) -> JSONValue {
    .object([("estimates", .object([
      ("hourly", .object([("base", .double(monthly / 730)), ("discount", .int(0)), ("total", .double(monthly / 730))])),
      ("monthly", .object([("base", .double(monthly)), ("discount", .int(0)), ("total", .double(monthly))])),
    ]))])
  }

  func verdict(_ ledger: CostLedger, _ arguments: JSONValue, tool: String = "create_vm", estimate: String = "get_cost_estimate_vm", cap: Double? = nil)
    -> Verdict
  {
    ledger.verdict(
      for: ToolCall(id: "1", name: tool, arguments: arguments), estimateTool: estimate, arguments: arguments, comparesArguments: true, cap: cap)
  }

  @Test func aCreateNeedsAnEstimateForExactlyTheSameArguments() {
    var ledger = CostLedger()
    #expect(verdict(ledger, Self.vm()).decision == .deny)
    _ = ledger.record(tool: "get_cost_estimate_vm", arguments: Self.vm(), result: Self.estimate(monthly: 24))
    let matching = verdict(ledger, Self.vm())
    #expect(matching.decision == .ask)
    #expect(matching.approval == .explicit)
    #expect(matching.reason.contains("$24.00/month"))
    #expect(matching.reason.contains("$0.03/hour"))
    let renamed = verdict(ledger, Self.vm(name: "other-name"))
    #expect(renamed.decision == .deny)
    #expect(renamed.reason.contains("name: estimated"))
  }

  @Test func aSmallMonthlyEstimateDoesNotPayForABigHourlyVMElsewhere() {
    var ledger = CostLedger()
    _ = ledger.record(tool: "get_cost_estimate_vm", arguments: Self.vm(disk: 25, period: "monthly"), result: Self.estimate(monthly: 12))
    let big = verdict(ledger, Self.vm(region: "us-east-1", disk: 2000, period: "hourly"))
    #expect(big.decision == .deny)
    #expect(big.reason.contains("region: estimated \"us-west-0\", asked \"us-east-1\""), "\(big.reason)")
    #expect(big.reason.contains("subscriptionPeriod"))
    #expect(big.reason.contains("vmSpecs"))
  }

  @Test func defaultsFromTheSchemaCountAsGiven() {
    let schema: JSONValue = .object([("properties", .object([("period", .object([("type", .string("string")), ("default", .string("hourly"))]))]))])
    let implicit = CostLedger.normalise(.object([("size", .int(5))]), schema: schema)
    let explicit = CostLedger.normalise(.object([("period", .string("hourly")), ("size", .int(5))]), schema: schema)
    #expect(CostLedger.canonical(implicit) == CostLedger.canonical(explicit))
    #expect(CostLedger.canonical(CostLedger.normalise(.object([("size", .double(5))]), schema: schema)) == CostLedger.canonical(explicit))
  }

  @Test func anEstimatePaysForOneCallOnly() throws {
    var ledger = CostLedger()
    let recorded = ledger.record(tool: "get_cost_estimate_vm", arguments: Self.vm(), result: Self.estimate(monthly: 24))
    let estimate = try #require(recorded)
    #expect(ledger.commit(estimateID: estimate.id) == 24)
    #expect(ledger.committedMonthlyUSD == 24)
    let again = verdict(ledger, Self.vm())
    #expect(again.decision == .deny)
    #expect(again.reason.contains("already used"))
    #expect(ledger.commit(estimateID: estimate.id) == nil)
  }

  @Test func theMonthlyCapIsNeverExceededCountingPendingCalls() throws {
    var ledger = CostLedger()
    let recorded = ledger.record(tool: "get_cost_estimate_vm", arguments: Self.vm(), result: Self.estimate(monthly: 40))
    let first = try #require(recorded)
    ledger.commit(estimateID: first.id)
    let volume: JSONValue = .object([("name", .string("data")), ("sizeGb", .int(50)), ("region", .string("us-west-0"))])
    _ = ledger.record(tool: "get_cost_estimate_block_storage", arguments: volume, result: Self.estimate(monthly: 15))
    let over = verdict(ledger, volume, tool: "create_block_storage_volume", estimate: "get_cost_estimate_block_storage", cap: 50)
    #expect(over.decision == .deny)
    #expect(over.reason.contains("over the cap of $50.00/month"))
    #expect(verdict(ledger, volume, tool: "create_block_storage_volume", estimate: "get_cost_estimate_block_storage", cap: 55).decision == .ask)
    let pending = ledger.verdict(
      for: ToolCall(id: "2", name: "create_block_storage_volume", arguments: volume), estimateTool: "get_cost_estimate_block_storage",
      arguments: volume, comparesArguments: true, cap: 55, pending: 10)
    #expect(pending.decision == .deny)
  }

  @Test func anUnpricedWriteIsRefused() {
    let ledger = CostLedger()
    let call = ToolCall(id: "1", name: "create_load_balancer_rule", arguments: .object([]))
    let refused = ledger.verdict(for: call, estimateTool: nil, arguments: .object([]), comparesArguments: true, cap: nil)
    #expect(refused.decision == .deny)
    #expect(refused.reason.contains("cannot price it"))
  }

  @Test func anEstimateWithoutArgumentsPricesOneCallOfAnyShape() {
    var ledger = CostLedger()
    _ = ledger.record(tool: "get_cost_estimate_public_ip", arguments: .object([]), result: Self.estimate(monthly: 3))
    let reserve = ToolCall(id: "1", name: "reserve_public_ip", arguments: .object([("region", .string("us-west-0"))]))
    let first = ledger.verdict(for: reserve, estimateTool: "get_cost_estimate_public_ip", arguments: reserve.arguments, comparesArguments: false, cap: nil)
    #expect(first.decision == .ask)
  }

  @Test func nonEstimatesAreIgnored() {
    var ledger = CostLedger()
    #expect(ledger.record(tool: "get_cost_estimate_vm", arguments: Self.vm(), result: .object([])) == nil)
    #expect(ledger.record(tool: "get_cost_estimate_vm", arguments: Self.vm(), result: Self.estimate(monthly: -1)) == nil)
  }
}
