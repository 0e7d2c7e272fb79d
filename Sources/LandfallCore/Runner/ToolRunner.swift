public import LandfallModel
public import LandfallPolicy

/// The one place every tool call passes: schema check, policy, approval, secret substitution,
/// the run itself, redaction, and the events that record each step.
public actor ToolRunner {
  /// Fixed settings of the session.
  public struct Configuration: Sendable {
    public var permissions: SessionPermissions
    public var rules: PolicyRules
    public var envFilePaths: [String]
    public var dataVerificationRequired: Bool

    /// Creates a configuration.
    public init(
      permissions: SessionPermissions, rules: PolicyRules = PolicyRules(), envFilePaths: [String] = [],
      dataVerificationRequired: Bool = true
    ) {
      self.permissions = permissions
      self.rules = rules
      self.envFilePaths = envFilePaths
      self.dataVerificationRequired = dataVerificationRequired
    }
  }

  public nonisolated let registry: ToolRegistry
  private let configuration: Configuration
  private let approver: any Approver
  private let vault: SecretVault
  private let log: any EventLog
  private let secretPrompter: (any SecretPrompter)?
  public private(set) var ledger = CostLedger()
  public private(set) var invariants: MigrationInvariants
  private var facts: [MigrationFact] = []

  /// A runner over `registry` that records to `log`.
  public init(
    registry: ToolRegistry, configuration: Configuration, approver: any Approver, vault: SecretVault,
    log: any EventLog, secretPrompter: (any SecretPrompter)? = nil
  ) {
    self.registry = registry
    self.configuration = configuration
    self.approver = approver
    self.vault = vault
    self.log = log
    self.secretPrompter = secretPrompter
    invariants = MigrationInvariants(dataVerificationRequired: configuration.dataVerificationRequired)
  }

  /// Runs `call` under the rules of `phase` (`nil`: no phase rule applies).
  public func run(_ call: ToolCall, phase: MigrationPhase?) async throws(EventLogError) -> ToolRunResult {
    let redactor = await vault.redactor
    let shownArguments = redactor.redact(call.arguments)
    try await record(.toolCall, [
      ("id", .string(call.id)), ("name", .string(call.name)), ("arguments", shownArguments),
      ("phase", phase.map { .int($0.rawValue) } ?? .null),
    ])
    guard let tool = registry.tool(named: call.name) else {
      let known = registry.specs.map(\.name).joined(separator: ", ")
      return try await refuse(call, "unknown tool \(call.name); the tools are: \(known)")
    }
    let problems = JSONSchemaValidator.problems(call.arguments, against: tool.spec.inputSchema)
    guard problems.isEmpty else {
      return try await refuse(call, "invalid arguments: " + problems.joined(separator: "; "))
    }
    let verdict = PolicyEngine.evaluate(PolicyInput(
      call: call, effect: tool.effect(for: call.arguments), billable: tool.spec.billable,
      acceptsSecrets: tool.spec.acceptsSecrets, phase: phase, permissions: configuration.permissions,
      rules: configuration.rules, ledger: ledger, invariants: invariants, envFilePaths: configuration.envFilePaths,
      knownSecretNames: Set(await vault.names),
      argumentsCarrySecretValue: redactor.containsKnownSecret(JSONWriter.string(call.arguments))))
    try await record(.policyDecision, [
      ("id", .string(call.id)), ("name", .string(call.name)),
      ("decision", .string(verdict.decision == .allow ? "allow" : verdict.decision == .ask ? "ask" : "deny")),
      ("reasons", .strings(verdict.reasons.map(redactor.redact))),
    ])
    var decision = ToolRunResult.Decision.allowed
    switch verdict.decision {
    case .deny:
      return try await finish(call, ToolRunResult(ok: false, decision: .denied, reason: verdict.reason, result: "denied: \(verdict.reason)"))
    case .ask:
      guard try await approved(call, verdict: verdict, shownArguments: shownArguments) else {
        let reason = "the person declined \(call.name)"
        return try await finish(call, ToolRunResult(ok: false, decision: .denied, reason: reason, result: reason))
      }
      decision = .approved
    case .allow:
      break
    }
    return try await execute(tool, call, decision: decision, reason: verdict.reason)
  }

  /// Facts observed by tools, from position `index` on.
  public func observedFacts(since index: Int) -> [MigrationFact] {
    index < facts.count ? Array(facts[index...]) : []
  }

  private func approved(_ call: ToolCall, verdict: Verdict, shownArguments: JSONValue) async throws(EventLogError) -> Bool {
    let request = ApprovalRequest(
      tool: call.name, summary: "\(call.name) \(JSONWriter.string(shownArguments))", reasons: verdict.reasons,
      kind: verdict.approval, confirmationText: verdict.confirmationText)
    let byFlag = verdict.approval == .routine && configuration.permissions.assumeYes
    let answer = byFlag ? true : await approver.approve(request)
    try await record(.approval, [
      ("id", .string(call.id)), ("name", .string(call.name)), ("kind", .string(String(describing: verdict.approval))),
      ("approved", .bool(answer)), ("by", .string(byFlag ? "--yes" : "person")),
    ])
    return answer
  }

  private func execute(_ tool: any Tool, _ call: ToolCall, decision: ToolRunResult.Decision, reason: String)
    async throws(EventLogError) -> ToolRunResult
  {
    let arguments = await vault.substitute(into: call.arguments)
    let context = ToolContext(vault: vault, secretPrompter: secretPrompter)
    let output: ToolOutput
    do {
      output = try await tool.run(arguments, context: context)
    } catch {
      let redacted = await vault.redactor.redact(error.message)
      var result = ToolRunResult(ok: false, decision: decision, reason: reason, result: "error: \(redacted)")
      if case .unavailable = error { result.unavailable = true }
      return try await finish(call, result)
    }
    let text = await vault.redactor.redact(output.text)
    for fact in output.facts {
      invariants.observe(fact)
      facts.append(fact)
      try await record(.stateChange, [("fact", .string(fact.name)), ("by", .string(call.name))])
    }
    if !output.isError { try await account(call, output: text) }
    return try await finish(call, ToolRunResult(ok: !output.isError, decision: decision, reason: reason, result: text))
  }

  private func account(_ call: ToolCall, output: String) async throws(EventLogError) {
    if call.name.hasPrefix("get_cost_estimate_"), let parsed = try? JSONParser.parse(output),
      let estimate = ledger.record(tool: call.name, arguments: call.arguments, result: parsed)
    {
      try await record(.costEstimate, [
        ("id", .string(call.id)), ("tool", .string(call.name)), ("hourlyUSD", .double(estimate.hourlyUSD)),
        ("monthlyUSD", .double(estimate.monthlyUSD)), ("committedMonthlyUSD", .double(ledger.committedMonthlyUSD)),
      ])
    }
    if registry.tool(named: call.name)?.spec.billable == true {
      ledger.commit(call)
    }
  }

  private func refuse(_ call: ToolCall, _ reason: String) async throws(EventLogError) -> ToolRunResult {
    try await record(.policyDecision, [
      ("id", .string(call.id)), ("name", .string(call.name)), ("decision", .string("deny")), ("reasons", .strings([reason])),
    ])
    return try await finish(call, ToolRunResult(ok: false, decision: .denied, reason: reason, result: reason))
  }

  private func finish(_ call: ToolCall, _ result: ToolRunResult) async throws(EventLogError) -> ToolRunResult {
    try await record(.toolResult, [
      ("id", .string(call.id)), ("name", .string(call.name)), ("ok", .bool(result.ok)),
      ("decision", .string(result.decision.rawValue)), ("result", .string(result.result)),
    ])
    return result
  }

  private func record(_ kind: EventKind, _ fields: [(key: String, value: JSONValue)]) async throws(EventLogError) {
    _ = try await log.append(kind, fields)
  }
}
