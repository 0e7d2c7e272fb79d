import LandfallModel
import LandfallPolicy
import Testing

@Suite struct CostLedgerTests {
  static func vm(name: String = "web", cpu: Int = 2, memory: Int = 4096) -> JSONValue {
    .object([
      ("name", .string(name)), ("region", .string("us-west-0")), ("vmPackage", .string("standard-custom")),
      ("vmSpecs", .object([("vcpu", .int(cpu)), ("memoryMb", .int(memory)), ("rootDiskGb", .int(40))])),
      ("image", .string("ubuntu-24.04")), ("subscriptionPeriod", .string("hourly")),
    ])
  }

  static func estimate(monthly: Double) -> JSONValue {
    .object([("estimates", .object([
      ("hourly", .object([("base", .double(monthly / 730)), ("discount", .int(0)), ("total", .double(monthly / 730))])),
      ("monthly", .object([("base", .double(monthly)), ("discount", .int(0)), ("total", .double(monthly))])),
    ]))])
  }

  @Test func aCreateNeedsAnEstimateForTheSameParameters() {
    var ledger = CostLedger()
    let create = ToolCall(id: "1", name: "create_vm", arguments: Self.vm(cpu: 8, memory: 16384))
    #expect(ledger.verdict(for: create, cap: nil).decision == .deny)
    _ = ledger.record(tool: "get_cost_estimate_vm", arguments: Self.vm(), result: Self.estimate(monthly: 24))
    let bigger = ledger.verdict(for: create, cap: nil)
    #expect(bigger.decision == .deny)
    #expect(bigger.reason.contains("get_cost_estimate_vm with the same arguments"))
    let matching = ToolCall(id: "2", name: "create_vm", arguments: Self.vm(name: "other-name"))
    let verdict = ledger.verdict(for: matching, cap: nil)
    #expect(verdict.decision == .ask)
    #expect(verdict.approval == .explicit)
    #expect(verdict.reason.contains("$24.00/month"))
    #expect(verdict.reason.contains("$0.03/hour"))
  }

  @Test func anEstimatePaysForOneCreateOnly() {
    var ledger = CostLedger()
    _ = ledger.record(tool: "get_cost_estimate_vm", arguments: Self.vm(), result: Self.estimate(monthly: 24))
    let create = ToolCall(id: "1", name: "create_vm", arguments: Self.vm())
    ledger.commit(create)
    #expect(ledger.committedMonthlyUSD == 24)
    let again = ledger.verdict(for: create, cap: nil)
    #expect(again.decision == .deny)
    #expect(again.reason.contains("already used"))
  }

  @Test func theMonthlyCapIsNeverExceeded() {
    var ledger = CostLedger()
    _ = ledger.record(tool: "get_cost_estimate_vm", arguments: Self.vm(), result: Self.estimate(monthly: 40))
    ledger.commit(ToolCall(id: "1", name: "create_vm", arguments: Self.vm()))
    let volume: JSONValue = .object([("name", .string("data")), ("sizeGb", .int(50)), ("region", .string("us-west-0"))])
    _ = ledger.record(tool: "get_cost_estimate_block_storage", arguments: volume, result: Self.estimate(monthly: 15))
    let create = ToolCall(id: "2", name: "create_block_storage_volume", arguments: volume)
    #expect(ledger.verdict(for: create, cap: 50).decision == .deny)
    #expect(ledger.verdict(for: create, cap: 50).reason.contains("over the cap of $50.00/month"))
    #expect(ledger.verdict(for: create, cap: 55).decision == .ask)
  }

  @Test func scalingMatchesAnEstimateOfTheNewSpecs() {
    var ledger = CostLedger()
    _ = ledger.record(tool: "get_cost_estimate_vm", arguments: Self.vm(cpu: 4, memory: 8192), result: Self.estimate(monthly: 48))
    let scale = ToolCall(id: "1", name: "scale_vm", arguments: .object([("id", .string("v")), ("cpu", .int(4)), ("memoryMb", .int(8192))]))
    #expect(ledger.verdict(for: scale, cap: nil).decision == .ask)
    let other = ToolCall(id: "2", name: "scale_vm", arguments: .object([("id", .string("v")), ("cpu", .int(8)), ("memoryMb", .int(8192))]))
    #expect(ledger.verdict(for: other, cap: nil).decision == .deny)
  }

  @Test func nonEstimatesAreIgnored() {
    var ledger = CostLedger()
    #expect(ledger.record(tool: "get_cost_estimate_vm", arguments: Self.vm(), result: .object([])) == nil)
    #expect(ledger.record(tool: "list_vms", arguments: .object([]), result: Self.estimate(monthly: 1)) == nil)
  }
}
