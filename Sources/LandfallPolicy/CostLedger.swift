public import LandfallModel

/// One cost estimate obtained in this session.
public struct CostEstimate: Sendable, Equatable {
  public var id: Int
  /// The estimate tool that produced it (`get_cost_estimate_vm`, ...).
  public var tool: String
  /// The pricing parameters, canonicalised; a create must present the same to use it.
  public var pricingKeys: [String]
  public var hourlyUSD: Double
  public var monthlyUSD: Double
  /// Set once a create has spent this estimate's approval.
  public var spent: Bool = false
}

/// The cost gate's memory: estimates seen, which were spent, and the monthly total committed.
///
/// A billable create needs an unspent estimate with the same pricing parameters; each estimate
/// pays for one create; the committed monthly total plus the new one must stay under the cap.
public struct CostLedger: Sendable, Equatable {
  public private(set) var estimates: [CostEstimate] = []
  public private(set) var committedMonthlyUSD: Double = 0
  private static let pricingIrrelevant: Set<String> = [
    "name", "tags", "keypairs", "userdata", "network", "networkAccess", "hostname", "description", "id",
  ]

  /// An empty ledger.
  public init() {}

  /// Reads an estimate tool's result (`{estimates: {hourly: {total}, monthly: {total}}}`) and
  /// keeps it; returns `nil` when the result is not an estimate.
  public mutating func record(tool: String, arguments: JSONValue, result: JSONValue) -> CostEstimate? {
    guard tool.hasPrefix("get_cost_estimate_"), let estimates = result["estimates"],
      let monthly = estimates["monthly"]?["total"]?.doubleValue
    else { return nil }
    let hourly = estimates["hourly"]?["total"]?.doubleValue ?? monthly / 730
    let estimate = CostEstimate(
      id: self.estimates.count + 1, tool: tool,
      pricingKeys: Self.pricingKeys(tool: tool, arguments: arguments), hourlyUSD: hourly, monthlyUSD: monthly)
    self.estimates.append(estimate)
    return estimate
  }

  /// The newest unspent estimate that prices `call`, if any.
  public func estimate(for call: ToolCall) -> CostEstimate? {
    guard let estimateTool = EffectClassifier.estimateTool(for: call.name) else { return nil }
    let keys = Set(Self.pricingKeys(tool: call.name, arguments: call.arguments))
    return estimates.last { $0.tool == estimateTool && !$0.spent && !keys.isDisjoint(with: $0.pricingKeys) }
  }

  /// The cost gate's verdict for a billable call.
  public func verdict(for call: ToolCall, cap: Double?) -> Verdict {
    guard let estimateTool = EffectClassifier.estimateTool(for: call.name) else {
      return Verdict(.deny, ["\(call.name) costs money and Landfall has no way to price it; do it by hand"])
    }
    guard let estimate = estimate(for: call) else {
      let reused = estimates.contains { $0.tool == estimateTool && $0.spent }
      let why = reused
        ? "the estimate for these parameters was already used by an earlier create; get a new estimate"
        : "no cost estimate for exactly these parameters in this session; call \(estimateTool) with the same arguments first"
      return Verdict(.deny, ["\(call.name): \(why)"])
    }
    let total = committedMonthlyUSD + estimate.monthlyUSD
    if let cap, total > cap + 1e-9 {
      return Verdict(.deny, [
        "\(call.name) would bring this migration to \(Self.dollars(total))/month, over the cap of \(Self.dollars(cap))/month (--max-monthly-usd)"
      ])
    }
    return Verdict(
      .ask,
      ["\(call.name) costs \(Self.dollars(estimate.hourlyUSD))/hour, \(Self.dollars(estimate.monthlyUSD))/month; this migration's total would be \(Self.dollars(total))/month"],
      approval: .explicit)
  }

  /// Marks the estimate that priced `call` as spent and adds it to the committed total.
  public mutating func commit(_ call: ToolCall) {
    guard let estimate = estimate(for: call), let index = estimates.firstIndex(where: { $0.id == estimate.id }) else {
      return
    }
    estimates[index].spent = true
    committedMonthlyUSD += estimate.monthlyUSD
  }

  /// Pricing parameters as canonical strings; a create and its estimate match on any shared key.
  public static func pricingKeys(tool: String, arguments: JSONValue) -> [String] {
    var keys: [String] = []
    if tool != "scale_vm" {
      let relevant = (arguments.objectValue ?? []).filter { !pricingIrrelevant.contains($0.key) }
      keys.append("all:" + canonical(.object(relevant)))
    }
    let specs = tool == "scale_vm" ? arguments : (arguments["vmSpecs"] ?? .null)
    if let cpu = (specs["vcpu"] ?? specs["cpu"])?.intValue, let memory = specs["memoryMb"]?.intValue {
      keys.append("specs:\(cpu)/\(memory)")
    }
    return keys
  }

  /// `value` with object keys sorted at every level, compact.
  public static func canonical(_ value: JSONValue) -> String {
    func sorted(_ value: JSONValue) -> JSONValue {
      switch value {
      case .object(let pairs):
        return .object(pairs.sorted { $0.key < $1.key }.map { (key: $0.key, value: sorted($0.value)) })
      case .array(let items): return .array(items.map(sorted))
      case .double(let d) where d.rounded() == d && abs(d) < 1e15: return .int(Int(d))
      default: return value
      }
    }
    return JSONWriter.string(sorted(value))
  }

  static func dollars(_ amount: Double) -> String {
    let cents = Int((amount * 100).rounded())
    let fraction = String(abs(cents) % 100)
    return "$\(cents / 100).\(fraction.count == 1 ? "0" + fraction : fraction)"
  }
}
