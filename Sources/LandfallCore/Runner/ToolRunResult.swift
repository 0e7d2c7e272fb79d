public import LandfallModel

/// How a call ended, as `landfall tools call` prints it and the model receives it.
public struct ToolRunResult: Sendable, Equatable {
  /// What the policy and the person decided.
  public enum Decision: String, Sendable, Equatable {
    case allowed
    case approved
    case denied
  }

  /// True when the tool ran and did not report an error.
  public var ok: Bool
  public var decision: Decision
  public var reason: String
  /// The tool's output (or the reason it did not run), already redacted.
  public var result: String
  /// Set when an outside dependency was unreachable: the run should stop with exit 3.
  public var unavailable: Bool = false

  /// The contract JSON of `landfall tools call`.
  public var json: JSONValue {
    let parsed = (try? JSONParser.parse(result)) ?? .string(result)
    return .object([
      ("ok", .bool(ok)), ("decision", .string(decision.rawValue)), ("reason", .string(reason)), ("result", parsed),
    ])
  }
}
