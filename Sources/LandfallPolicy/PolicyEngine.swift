public import LandfallModel

/// Everything the policy needs to judge one call; built by the tool runner.
public struct PolicyInput: Sendable {
  public var call: ToolCall
  public var effect: ToolEffect
  public var billable: Bool
  public var acceptsSecrets: Bool
  public var phase: MigrationPhase?
  public var permissions: SessionPermissions
  public var rules: PolicyRules
  public var ledger: CostLedger
  public var invariants: MigrationInvariants
  public var envFilePaths: [String]
  public var knownSecretNames: Set<String>
  /// Whether the arguments already carry a vault value in some encoding.
  public var argumentsCarrySecretValue: Bool

  /// Creates an input.
  public init(
    call: ToolCall, effect: ToolEffect, billable: Bool, acceptsSecrets: Bool, phase: MigrationPhase?,
    permissions: SessionPermissions, rules: PolicyRules, ledger: CostLedger, invariants: MigrationInvariants,
    envFilePaths: [String], knownSecretNames: Set<String>, argumentsCarrySecretValue: Bool
  ) {
    self.call = call
    self.effect = effect
    self.billable = billable
    self.acceptsSecrets = acceptsSecrets
    self.phase = phase
    self.permissions = permissions
    self.rules = rules
    self.ledger = ledger
    self.invariants = invariants
    self.envFilePaths = envFilePaths
    self.knownSecretNames = knownSecretNames
    self.argumentsCarrySecretValue = argumentsCarrySecretValue
  }
}

/// The one decision function: every gate judges the call and the strictest verdict wins.
///
/// Pure: no I/O, no clock, no globals; the same input always gives the same verdict.
public enum PolicyEngine {
  /// The verdict on `input`, with every reason that led to it.
  public static func evaluate(_ input: PolicyInput) -> Verdict {
    let call = input.call
    var verdicts: [Verdict] = []
    let ruleVerdict = input.rules.verdict(for: call)

    var gate = WriteGate.evaluate(
      tool: call.name, effect: input.effect, phase: input.phase, permissions: input.permissions,
      resourceName: resourceName(of: call))
    if input.effect == .destructive, gate.decision == .ask, ruleVerdict?.decision != .ask {
      gate = Verdict(.deny, [
        "\(call.name) destroys something; destructive actions are denied unless .landfall/policy.toml has an ask rule for them"
      ])
    }
    if gate.decision == .ask, gate.approval == .routine, ruleVerdict?.decision == .allow {
      gate = .allowed
    }
    verdicts.append(gate)
    if let ruleVerdict, ruleVerdict.decision != .allow { verdicts.append(ruleVerdict) }

    if input.billable, input.effect != .read {
      verdicts.append(input.ledger.verdict(for: call, cap: input.permissions.maxMonthlyUSD))
    }
    let action = MigrationAction.classify(call, envFilePaths: input.envFilePaths)
    verdicts.append(input.invariants.verdict(for: action))
    verdicts.append(secretVerdict(input))
    return Verdict.strictest(verdicts)
  }

  private static func secretVerdict(_ input: PolicyInput) -> Verdict {
    if input.argumentsCarrySecretValue {
      return Verdict(.deny, ["the arguments contain a secret value; refer to secrets only as {{secret:NAME}}"])
    }
    let names = SecretHandle.names(in: input.call.arguments)
    guard !names.isEmpty else { return .allowed }
    guard input.acceptsSecrets else {
      return Verdict(.deny, [
        "\(input.call.name) may not receive secret values (\(names.map(SecretHandle.handle).joined(separator: ", "))); only tools that write them to the server can"
      ])
    }
    let unknown = names.filter { !input.knownSecretNames.contains($0) }
    guard unknown.isEmpty else {
      return Verdict(.deny, [
        "no value is known for \(unknown.joined(separator: ", ")); ask the person with ask_secret or import it from Fly first"
      ])
    }
    return .allowed
  }

  /// The name a person types to confirm destroying what `call` targets.
  static func resourceName(of call: ToolCall) -> String? {
    for key in ["name", "id", "zone", "app", "volume"] {
      if let value = call.arguments[key]?.stringValue { return value }
    }
    return nil
  }
}
