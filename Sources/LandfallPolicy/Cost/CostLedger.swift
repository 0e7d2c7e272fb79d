public import LandfallModel

/// One cost estimate obtained in this session.
public struct CostEstimate: Sendable, Equatable {
  public var id: Int
  /// The estimate tool that produced it (`get_cost_estimate_vm`, ...).
  public var tool: String
  /// The arguments it priced, normalised (defaults applied, keys sorted, nulls dropped).
  public var arguments: JSONValue
  public var hourlyUSD: Double
  public var monthlyUSD: Double
  /// Set once a call has spent this estimate's approval.
  public var spent: Bool = false

  /// Creates an estimate.
  public init(id: Int, tool: String, arguments: JSONValue, hourlyUSD: Double, monthlyUSD: Double, spent: Bool = false) {
    self.id = id
    self.tool = tool
    self.arguments = arguments
    self.hourlyUSD = hourlyUSD
    self.monthlyUSD = monthlyUSD
    self.spent = spent
  }
}

/// The cost gate's memory: estimates seen, which were spent, and the monthly total committed.
///
/// A billable call runs only on an unspent estimate whose arguments equal the call's, every
/// field, after normalisation; each estimate pays for one call; the committed monthly total plus
/// the new one must stay under the cap.
public struct CostLedger: Sendable, Equatable {
  public private(set) var estimates: [CostEstimate] = []
  public private(set) var committedMonthlyUSD: Double = 0

  /// An empty ledger.
  public init() {}

  /// Reads an estimate tool's result (`{estimates: {hourly: {total}, monthly: {total}}}`) and
  /// keeps it; returns `nil` when the result is not an estimate.
  public mutating func record(tool: String, arguments: JSONValue, result: JSONValue) -> CostEstimate? {
    guard let estimates = result["estimates"], let monthly = estimates["monthly"]?["total"]?.doubleValue,
      monthly.isFinite, monthly >= 0
    else { return nil }
    let hourly = estimates["hourly"]?["total"]?.doubleValue ?? monthly / 730
    return remember(CostEstimate(id: self.estimates.count + 1, tool: tool, arguments: arguments, hourlyUSD: hourly, monthlyUSD: monthly))
  }

  /// Keeps an estimate read back from a transcript.
  @discardableResult
  public mutating func remember(_ estimate: CostEstimate) -> CostEstimate {
    var kept = estimate
    kept.id = estimates.count + 1
    estimates.append(kept)
    return kept
  }

  /// The unspent estimate that prices `arguments` (normalised) for a call priced by `estimateTool`,
  /// or why there is none.
  public func match(estimateTool: String, arguments: JSONValue, comparesArguments: Bool) -> Result<CostEstimate, CostMismatch> {
    let candidates = estimates.filter { $0.tool == estimateTool }
    guard !candidates.isEmpty else { return .failure(.noEstimate) }
    let unspent = candidates.filter { !$0.spent }
    guard comparesArguments else {
      return unspent.first.map { .success($0) } ?? .failure(.alreadySpent)
    }
    let wanted = Self.canonical(arguments)
    if let exact = unspent.first(where: { Self.canonical($0.arguments) == wanted }) { return .success(exact) }
    if candidates.contains(where: { $0.spent && Self.canonical($0.arguments) == wanted }) { return .failure(.alreadySpent) }
    guard let nearest = unspent.last else { return .failure(.alreadySpent) }
    return .failure(.differs(Self.differences(estimate: nearest.arguments, call: arguments)))
  }

  /// The cost gate's verdict for a billable call, with `pending` dollars a month already claimed
  /// by earlier billable calls of the same model response.
  public func verdict(
    for call: ToolCall, estimateTool: String?, arguments: JSONValue, comparesArguments: Bool, cap: Double?,
    pending: Double = 0
  ) -> Verdict {
    guard let estimateTool else {
      return Verdict(.deny, [
        "\(call.name) adds to the cloud bill and the cloud offers no estimate for it; Landfall cannot price it, so it will not run it (do it by hand if you must)"
      ])
    }
    let estimate: CostEstimate
    switch match(estimateTool: estimateTool, arguments: arguments, comparesArguments: comparesArguments) {
    case .success(let found): estimate = found
    case .failure(let mismatch): return Verdict(.deny, ["\(call.name): " + mismatch.explanation(estimateTool: estimateTool)])
    }
    let total = committedMonthlyUSD + pending + estimate.monthlyUSD
    if let cap, total > cap + 1e-9 {
      let others = pending > 0 ? " (with \(Self.dollars(pending))/month for other calls in the same answer)" : ""
      return Verdict(.deny, [
        "\(call.name) would bring this migration to \(Self.dollars(total))/month\(others), over the cap of \(Self.dollars(cap))/month (--max-monthly-usd)"
      ])
    }
    return Verdict(
      .ask,
      ["\(call.name) costs \(Self.dollars(estimate.hourlyUSD))/hour, \(Self.dollars(estimate.monthlyUSD))/month; this migration's total would be \(Self.dollars(total))/month"],
      approval: .explicit)
  }

  /// Marks estimate `id` as spent and adds it to the committed total; returns the amount.
  @discardableResult
  public mutating func commit(estimateID id: Int) -> Double? {
    guard let index = estimates.firstIndex(where: { $0.id == id }), !estimates[index].spent else { return nil }
    estimates[index].spent = true
    committedMonthlyUSD += estimates[index].monthlyUSD
    return estimates[index].monthlyUSD
  }

  /// Gives back estimate `id` after the call it paid for is known to have done nothing: it is
  /// unspent again and leaves the committed total; returns the amount.
  @discardableResult
  public mutating func release(estimateID id: Int) -> Double? {
    guard let index = estimates.firstIndex(where: { $0.id == id }), estimates[index].spent else { return nil }
    estimates[index].spent = false
    committedMonthlyUSD = max(0, committedMonthlyUSD - estimates[index].monthlyUSD)
    return estimates[index].monthlyUSD
  }

  /// `arguments` as the cost gate compares them: defaults from `schema` applied, nulls dropped.
  public static func normalise(_ arguments: JSONValue, schema: JSONValue) -> JSONValue {
    var pairs = (arguments.objectValue ?? []).filter { !$0.value.isNull }
    for property in schema["properties"]?.objectValue ?? [] where !pairs.contains(where: { $0.key == property.key }) {
      if let fallback = property.value["default"], !fallback.isNull { pairs.append((key: property.key, value: fallback)) }
    }
    return .object(pairs)
  }

  /// `value` with object keys sorted at every level and whole doubles as integers, compact.
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

  static func differences(estimate: JSONValue, call: JSONValue) -> [String] {
    let left = estimate.objectValue ?? []
    let right = call.objectValue ?? []
    let keys = (left.map(\.key) + right.map(\.key)).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
    return keys.sorted().compactMap { key in
      let was = left.first { $0.key == key }.map { canonical($0.value) }
      let now = right.first { $0.key == key }.map { canonical($0.value) }
      guard was != now else { return nil }
      return "\(key): estimated \(was ?? "(absent)"), asked \(now ?? "(absent)")"
    }
  }

  /// `amount` as dollars and cents.
  public static func dollars(_ amount: Double) -> String {
    let cents = Int((amount * 100).rounded())
    let fraction = String(abs(cents) % 100)
    return "$\(cents / 100).\(fraction.count == 1 ? "0" + fraction : fraction)"
  }
}

/// Why no estimate covers a billable call.
public enum CostMismatch: Error, Sendable, Equatable {
  case noEstimate
  case alreadySpent
  /// The newest unspent estimate differs in these fields.
  case differs([String])

  func explanation(estimateTool: String) -> String {
    switch self {
    case .noEstimate:
      return "no cost estimate in this session; call \(estimateTool) with exactly the same arguments first"
    case .alreadySpent:
      return "the estimate for these arguments was already used by an earlier call; one estimate approves one call, so get a new one"
    case .differs(let fields):
      return "the arguments differ from the estimate (\(fields.joined(separator: "; "))); call \(estimateTool) with exactly these arguments first"
    }
  }
}
