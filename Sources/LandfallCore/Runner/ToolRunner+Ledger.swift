public import LandfallModel
public import LandfallPolicy

extension ToolRunner {
  /// Announces the calls of one model response before any runs, so the cost gate judges their
  /// billable total against the cap together: when the sum is over, every billable call of the
  /// response is refused with the same reason.
  public func beginResponse(_ calls: [ToolCall]) {
    batchPending = [:]
    batchRefusals = [:]
    var claimed: Set<Int> = []
    for call in calls {
      guard let tool = registry.tool(named: call.name), let cost = costCheck(for: call, spec: tool.spec, effect: tool.effect(for: call.arguments)),
        let estimateTool = cost.estimateTool,
        case .success(let estimate) = ledger.match(estimateTool: estimateTool, arguments: cost.arguments, comparesArguments: cost.comparesArguments),
        !claimed.contains(estimate.id)
      else { continue }
      claimed.insert(estimate.id)
      batchPending[call.id] = estimate.monthlyUSD
    }
    let total = batchPending.values.reduce(0, +)
    if let cap = configuration.permissions.maxMonthlyUSD, batchPending.count > 1, ledger.committedMonthlyUSD + total > cap + 1e-9 {
      let reason = "these \(batchPending.count) billable calls together add \(CostLedger.dollars(total))/month, which with \(CostLedger.dollars(ledger.committedMonthlyUSD))/month already committed is over the cap of \(CostLedger.dollars(cap))/month (--max-monthly-usd); none of them ran"
      for id in batchPending.keys { batchRefusals[id] = reason }
      batchPending = [:]
    }
  }

  /// The cost side of `call`, when the tool is billable.
  func costCheck(for call: ToolCall, spec: ToolSpec, effect: ToolEffect) -> PolicyInput.Cost? {
    guard spec.billable, effect != .read else { return nil }
    let pending = batchPending.filter { $0.key != call.id }.values.reduce(0, +)
    guard let estimateTool = spec.pricedBy else {
      return PolicyInput.Cost(estimateTool: nil, arguments: call.arguments, pending: pending)
    }
    let schema = registry.tool(named: estimateTool)?.spec.inputSchema ?? spec.inputSchema
    let compares = !(schema["properties"]?.objectValue ?? []).isEmpty
    return PolicyInput.Cost(
      estimateTool: estimateTool, arguments: CostLedger.normalise(call.arguments, schema: schema), comparesArguments: compares,
      pending: pending)
  }

  /// Records an estimate a call returned.
  func account(_ call: ToolCall, spec: ToolSpec, output: String) async throws(EventLogError) {
    guard spec.name.hasPrefix("get_cost_estimate_"), let parsed = try? JSONParser.parse(output),
      let estimate = ledger.record(
        tool: call.name, arguments: CostLedger.normalise(call.arguments, schema: spec.inputSchema), result: parsed)
    else { return }
    try await record(.costEstimate, [
      ("id", .string(call.id)), ("tool", .string(call.name)), ("arguments", estimate.arguments),
      ("hourlyUSD", .double(estimate.hourlyUSD)), ("monthlyUSD", .double(estimate.monthlyUSD)),
      ("committedMonthlyUSD", .double(ledger.committedMonthlyUSD)),
    ])
  }

  /// Spends the estimate a billable call uses before the call runs, and records it, so a crash
  /// mid-call leaves the money counted and the estimate used: a resumed session cannot pay for
  /// the same thing twice. Returns the estimate, to give back if the call is known to have failed.
  func reserve(_ call: ToolCall, spec: ToolSpec, effect: ToolEffect) async throws(EventLogError) -> CostEstimate? {
    guard let cost = costCheck(for: call, spec: spec, effect: effect), let estimateTool = cost.estimateTool,
      case .success(let estimate) = ledger.match(estimateTool: estimateTool, arguments: cost.arguments, comparesArguments: cost.comparesArguments),
      let amount = ledger.commit(estimateID: estimate.id)
    else { return nil }
    try await record(.costCommit, [
      ("id", .string(call.id)), ("tool", .string(estimateTool)), ("spentBy", .string(call.name)),
      ("arguments", estimate.arguments), ("monthlyUSD", .double(amount)),
      ("committedMonthlyUSD", .double(ledger.committedMonthlyUSD)),
    ])
    return estimate
  }

  /// Gives back an estimate whose call the cloud refused (it did nothing).
  func release(_ estimate: CostEstimate, call: ToolCall) async throws(EventLogError) {
    guard let amount = ledger.release(estimateID: estimate.id) else { return }
    try await record(.costRelease, [
      ("id", .string(call.id)), ("tool", .string(estimate.tool)), ("arguments", estimate.arguments), ("monthlyUSD", .double(amount)),
      ("committedMonthlyUSD", .double(ledger.committedMonthlyUSD)),
    ])
  }

  /// Learns what the app's inventory says: whether it keeps data (an app that keeps none has
  /// nothing to verify before DNS moves), declares a release command, or is a database cluster.
  public func learnApp(_ profile: AppProfile) {
    invariants.app = profile
  }

  /// Restores the cost ledger and the observed facts from a resumed session's events, so the
  /// cap, unspent estimates and the ordering rules continue where the session stopped.
  public func restore(from events: [TranscriptEvent]) {
    for event in events {
      migration.apply(event)
      switch event.kind {
      case .costEstimate, .costCommit:
        guard let tool = event["tool"]?.stringValue, let monthly = event["monthlyUSD"]?.doubleValue else { continue }
        let arguments = event["arguments"] ?? .object([])
        if event.kind == .costCommit {
          if case .success(let estimate) = ledger.match(estimateTool: tool, arguments: arguments, comparesArguments: true) {
            ledger.commit(estimateID: estimate.id)
          } else {
            let stored = ledger.remember(CostEstimate(id: 0, tool: tool, arguments: arguments, hourlyUSD: monthly / 730, monthlyUSD: monthly))
            ledger.commit(estimateID: stored.id)
          }
        } else {
          let hourly = event["hourlyUSD"]?.doubleValue ?? monthly / 730
          ledger.remember(CostEstimate(id: 0, tool: tool, arguments: arguments, hourlyUSD: hourly, monthlyUSD: monthly))
        }
      case .costRelease:
        guard let tool = event["tool"]?.stringValue else { continue }
        let arguments = CostLedger.canonical(event["arguments"] ?? .object([]))
        if let spent = ledger.estimates.last(where: { $0.spent && $0.tool == tool && CostLedger.canonical($0.arguments) == arguments }) {
          ledger.release(estimateID: spent.id)
        }
      case .toolCall:
        guard let id = event["id"]?.stringValue, let name = event["name"]?.stringValue, let spec = registry.tool(named: name)?.spec,
          let key = Self.createKey(ToolCall(id: id, name: name, arguments: event["arguments"] ?? .object([])), spec: spec)
        else { continue }
        createKeys[id] = key
        unsettledCreates.insert(key)
      case .toolResult:
        guard event["ok"] == .bool(true), let id = event["id"]?.stringValue, let key = createKeys[id] else { continue }
        unsettledCreates.remove(key)
      case .stateChange:
        guard let name = event["fact"]?.stringValue,
          let fact = MigrationFact(name: name, detail: event["detail"]?.stringValue)
        else { continue }
        invariants.observe(fact)
        facts.append(fact)
      default:
        continue
      }
    }
  }
}
