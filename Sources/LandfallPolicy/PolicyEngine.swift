internal import LandfallModel

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

    if let cost = input.cost, input.effect != .read {
      verdicts.append(input.ledger.verdict(
        for: call, estimateTool: cost.estimateTool, arguments: cost.arguments, comparesArguments: cost.comparesArguments,
        cap: input.permissions.maxMonthlyUSD, pending: cost.pending))
    }
    verdicts.append(input.invariants.verdict(for: input.action))
    if ruleVerdict?.decision != .allow { verdicts.append(freeFormCodeVerdict(input)) }
    verdicts.append(secretVerdict(input))
    verdicts.append(vaultVerdict(input))
    if let connection = input.connection { verdicts.append(connectionVerdict(connection, call: call)) }
    return Verdict.strictest(verdicts)
  }

  /// A command of the model's own writing runs where the app's secrets are within its reach, and
  /// what it prints comes back in any form it chooses (reversed, split, encoded by `od`), which
  /// no redactor can recognise: only a person approves it, never `--yes`.
  private static func freeFormCodeVerdict(_ input: PolicyInput) -> Verdict {
    guard input.effect != .read, input.action.parts.contains(.changesServer) else { return .allowed }
    return Verdict(.ask, [
      "\(input.call.name) runs a command the model wrote, with the app's secrets within its reach; what it prints reaches the model in whatever form the command chose, so read it before approving (--yes does not answer this)"
    ], approval: .explicit)
  }

  private static func vaultVerdict(_ input: PolicyInput) -> Verdict {
    if !input.replacesFiles.isEmpty {
      return Verdict(
        .ask, ["\(input.call.name) would replace \(input.replacesFiles.joined(separator: ", ")), which may hold your own changes"],
        approval: .explicit)
    }
    guard !input.replacesSecrets.isEmpty else { return .allowed }
    let names = input.replacesSecrets.joined(separator: ", ")
    return Verdict(
      .ask, ["\(input.call.name) would replace the value already held for \(names); the old value is kept out of every output either way"],
      approval: .explicit)
  }

  private static func connectionVerdict(_ connection: PolicyInput.Connection, call: ToolCall) -> Verdict {
    var doubts: [String] = []
    if !connection.addressKnown {
      doubts.append("\(connection.address) is not an address the cloud reported in this session or one you named with --host")
    }
    if !connection.keyKnown, let key = connection.keyPath {
      doubts.append("the key \(key) was not created in this session nor named with --identity")
    }
    guard !doubts.isEmpty else { return .allowed }
    let pin = connection.firstUseFingerprint.map { "; its host key \($0) would be pinned on first use" }
      ?? "; its host key would be pinned on first use"
    return Verdict(.ask, [doubts.joined(separator: ", and ") + pin], approval: .explicit)
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
