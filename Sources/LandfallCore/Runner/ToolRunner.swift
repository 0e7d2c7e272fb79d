public import LandfallModel
public import LandfallPolicy

/// The one place every tool call passes: schema check, policy, approval, secret substitution,
/// the run itself, redaction, and the events that record each step.
public actor ToolRunner {
  /// Fixed settings of the session.
  public struct Configuration: Sendable {
    public var permissions: SessionPermissions
    public var rules: PolicyRules
    /// What the inventory says about the app (data to verify, a release command, a database cluster).
    public var app: AppProfile
    /// Addresses the person named (`--host`): connecting there needs no extra approval.
    public var trustedAddresses: [String]
    /// Key files the person named (`--identity`).
    public var trustedKeyPaths: [String]

    /// Creates a configuration.
    public init(
      permissions: SessionPermissions, rules: PolicyRules = PolicyRules(),
      app: AppProfile = AppProfile(), trustedAddresses: [String] = [], trustedKeyPaths: [String] = []
    ) {
      self.permissions = permissions
      self.rules = rules
      self.app = app
      self.trustedAddresses = trustedAddresses
      self.trustedKeyPaths = trustedKeyPaths
    }
  }

  public nonisolated let registry: ToolRegistry
  let configuration: Configuration
  private let approver: any Approver
  let vault: SecretVault
  let log: any EventLog
  private let secretPrompter: (any SecretPrompter)?
  public internal(set) var ledger = CostLedger()
  public internal(set) var invariants: MigrationInvariants
  var facts: [MigrationFact] = []
  /// What the migration created and observed, folded from the events this runner recorded (and
  /// a resumed session's events).
  public internal(set) var migration = MigrationLedger()
  /// Creates (tool and name) that were sent and never answered with success: a crash or a dead
  /// server left whether they happened unknown, so a retry looks for what they made first.
  var unsettledCreates: Set<String> = []
  /// The create key of each call id recorded, to settle it when its result comes.
  var createKeys: [String: String] = [:]
  /// Monthly dollars of the billable calls of the current model response not yet run, by call id.
  var batchPending: [String: Double] = [:]
  /// Calls of the current response refused together because their sum is over the cap.
  var batchRefusals: [String: String] = [:]

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
    invariants = MigrationInvariants(app: configuration.app)
  }

  /// Runs `call` under the rules of `phase` (`nil`: no phase rule applies).
  public func run(_ call: ToolCall, phase: MigrationPhase?) async throws(EventLogError) -> ToolRunResult {
    defer { batchPending[call.id] = nil }
    let redactor = await vault.redactor
    let shownArguments = redactor.redactKeepingHandles(call.arguments)
    try await record(.toolCall, [
      ("id", .string(call.id)), ("name", .string(redactor.redact(call.name))), ("arguments", shownArguments),
      ("phase", phase.map { .int($0.rawValue) } ?? .null),
    ])
    guard let tool = registry.tool(named: call.name) else {
      let known = registry.specs.map(\.name).joined(separator: ", ")
      return try await refuse(call, "unknown tool \(redactor.redact(call.name)); the tools are: \(known)")
    }
    if let phase, !registry.isOffered(call.name, in: phase) {
      let offering = registry.phases(offering: call.name) ?? []
      let elsewhere = offering.isEmpty ? "it is never offered" : "it belongs to phase " + offering.map { "\($0.rawValue) (\($0.title))" }.joined(separator: " or ")
      return try await refuse(call, "\(call.name) is not offered in phase \(phase.rawValue) (\(phase.title)): \(elsewhere)")
    }
    if let duplicate = call.arguments.duplicateKey() {
      return try await refuse(call, redactor.redact("invalid arguments: \(duplicate) is given twice in one object; give each key once"))
    }
    let problems = JSONSchemaValidator.problems(call.arguments, against: tool.spec.inputSchema)
    guard problems.isEmpty else {
      return try await refuse(call, redactor.redact("invalid arguments: " + problems.joined(separator: "; ")))
    }
    if let together = batchRefusals.removeValue(forKey: call.id) {
      return try await refuse(call, together)
    }
    if let misplaced = tool.misplacedSecrets(in: call.arguments) {
      return try await refuse(call, redactor.redact(misplaced))
    }
    let input = await policyInput(for: call, tool: tool, phase: phase, redactor: redactor)
    let verdict = PolicyEngine.evaluate(input)
    if verdict.decision != .deny, let existing = await alreadyCreated(call, tool: tool) {
      return try await refuse(call, existing)
    }
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
      guard try await approved(tool, call, verdict: verdict, shownArguments: shownArguments, loginAddressKnown: input.connection?.addressKnown ?? true) else {
        let reason = "the person declined \(call.name)"
        return try await finish(call, ToolRunResult(ok: false, decision: .denied, reason: reason, result: reason))
      }
      decision = .approved
    case .allow:
      break
    }
    return try await execute(tool, call, decision: decision, reason: verdict.reason, replacing: input.replacesSecrets)
  }

  /// Facts observed by tools, from position `index` on.
  public func observedFacts(since index: Int) -> [MigrationFact] {
    index < facts.count ? Array(facts[index...]) : []
  }

  private func policyInput(for call: ToolCall, tool: any Tool, phase: MigrationPhase?, redactor: Redactor) async -> PolicyInput {
    let effect = tool.effect(for: call.arguments)
    let held = Set(await vault.names)
    let login = tool.login(for: call.arguments)
    let connection = login.map { login in
      PolicyInput.Connection(
        address: login.address, keyPath: login.keyPath,
        addressKnown: invariants.vmAddresses.contains(login.address) || configuration.trustedAddresses.contains(login.address),
        keyKnown: login.keyPath.map { invariants.sessionKeys.contains($0) || configuration.trustedKeyPaths.contains($0) } ?? true)
    }
    return PolicyInput(
      call: call, effect: effect, cost: costCheck(for: call, spec: tool.spec, effect: effect),
      acceptsSecrets: tool.spec.acceptsSecrets, phase: phase, permissions: configuration.permissions,
      rules: configuration.rules, ledger: ledger, invariants: invariants,
      action: tool.action(for: call.arguments),
      knownSecretNames: held, argumentsCarrySecretValue: redactor.containsKnownSecret(JSONWriter.string(call.arguments)),
      replacesSecrets: tool.vaultWrites(for: call.arguments).filter(held.contains), connection: connection,
      replacesFiles: tool.replacedFiles(for: call.arguments))
  }

  private func approved(_ tool: any Tool, _ call: ToolCall, verdict: Verdict, shownArguments: JSONValue, loginAddressKnown: Bool)
    async throws(EventLogError) -> Bool
  {
    let redactor = await vault.redactor
    let notes = await tool.approvalNotes(for: call.arguments, loginAddressKnown: loginAddressKnown).map(redactor.redact)
    let request = ApprovalRequest(
      tool: call.name, summary: "\(call.name) \(JSONWriter.string(shownArguments))", reasons: verdict.reasons + notes,
      kind: verdict.approval, confirmationText: verdict.confirmationText)
    let byFlag = verdict.approval == .routine && configuration.permissions.assumeYes
    let answer = byFlag ? true : await approver.approve(request)
    var fields: [(String, JSONValue)] = [
      ("id", .string(call.id)), ("name", .string(call.name)), ("approvalKind", .string(String(describing: verdict.approval))),
      ("approved", .bool(answer)), ("by", .string(byFlag ? "--yes" : "person")),
    ]
    if !notes.isEmpty { fields.append(("notes", .strings(notes))) }
    try await record(.approval, fields)
    return answer
  }

  private func execute(_ tool: any Tool, _ call: ToolCall, decision: ToolRunResult.Decision, reason: String, replacing: [String])
    async throws(EventLogError) -> ToolRunResult
  {
    let arguments = await vault.substitute(into: call.arguments)
    let context = ToolContext(vault: vault, secretPrompter: secretPrompter, approvedReplacements: Set(replacing))
    let reserved = try await reserve(call, spec: tool.spec, effect: tool.effect(for: call.arguments))
    if let key = Self.createKey(call, spec: tool.spec) { unsettledCreates.insert(key) }
    if tool.action(for: call.arguments).parts.contains(.flyScaleUp) { try await observe(.flyRunning, by: call) }
    let output: ToolOutput
    do {
      output = try await tool.run(arguments, context: context)
    } catch {
      let redacted = await vault.redactor.redact(error.message)
      var result = ToolRunResult(ok: false, decision: decision, reason: reason, result: "error: \(redacted)")
      switch error {
      case .unavailable, .interrupted:
        if case .unavailable = error { result.unavailable = true }
        if reserved != nil { result.result += Self.unknownOutcome }
      case .invalidArguments, .failed:
        if let reserved { try await release(reserved, call: call) }
      }
      return try await finish(call, result)
    }
    let text = await vault.redactor.redact(output.text)
    for fact in output.facts { try await observe(fact, by: call) }
    if !output.isError { try await account(call, spec: tool.spec, output: text) }
    let created = output.isError ? nil : Self.created(by: call, spec: tool.spec, output: text)
    if !output.isError, let key = Self.createKey(call, spec: tool.spec) { unsettledCreates.remove(key) }
    return try await finish(call, ToolRunResult(ok: !output.isError, decision: decision, reason: reason, result: text), created: created)
  }

  /// Learns a fact and records it, so `--resume` learns it again.
  private func observe(_ fact: MigrationFact, by call: ToolCall) async throws(EventLogError) {
    invariants.observe(fact)
    facts.append(fact)
    try await record(.stateChange, [
      ("fact", .string(fact.name)), ("detail", fact.detail.map { .string($0) } ?? .null), ("by", .string(call.name)),
    ])
  }

  /// Said of a billable call whose server went away mid-call.
  static let unknownOutcome =
    "\nwhether the cloud carried this out is unknown: its estimate stays spent and its cost counted; list what exists before trying again"

  private func refuse(_ call: ToolCall, _ reason: String) async throws(EventLogError) -> ToolRunResult {
    try await record(.policyDecision, [
      ("id", .string(call.id)), ("name", .string(call.name)), ("decision", .string("deny")), ("reasons", .strings([reason])),
    ])
    return try await finish(call, ToolRunResult(ok: false, decision: .denied, reason: reason, result: reason))
  }

  private func finish(_ call: ToolCall, _ unredacted: ToolRunResult, created: JSONValue? = nil) async throws(EventLogError) -> ToolRunResult {
    let redactor = await vault.redactor
    var result = unredacted
    result.result = redactor.redactKeepingHandles(unredacted.result)
    result.reason = redactor.redactKeepingHandles(unredacted.reason)
    var fields: [(key: String, value: JSONValue)] = [
      ("id", .string(call.id)), ("name", .string(redactor.redact(call.name))), ("ok", .bool(result.ok)),
      ("decision", .string(result.decision.rawValue)), ("result", .string(redactor.redact(result.result))),
    ]
    if let created { fields.append(("created", created)) }
    try await record(.toolResult, fields)
    return result
  }

  /// Appends an event with every field passed through the vault's redactor as it is now.
  func record(_ kind: EventKind, _ fields: [(key: String, value: JSONValue)]) async throws(EventLogError) {
    let redactor = await vault.redactor
    migration.apply(try await log.append(kind, fields.map { (key: $0.key, value: redactor.redactKeepingHandles($0.value)) }))
  }
}
