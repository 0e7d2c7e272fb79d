public import LandfallModel

/// One eval scenario, read from `evals/<id>/scenario.json` (format in evals/README.md).
public struct Scenario: Sendable {
  /// One turn: the person's message in a phase, and what the scripted model answers.
  public struct Turn: Sendable {
    public var phase: MigrationPhase
    public var message: String
    public var model: [JSONValue]
  }

  public var id: String
  public var description: String
  public var app: String
  public var flyLoggedIn: Bool
  public var allowWrites: Bool
  public var assumeYes: Bool
  public var maxMonthlyUSD: Double?
  public var approvals: [Bool]
  /// Values the person gave before the run (`secrets`: name -> value), such as a registry token.
  public var personSecrets: [(name: String, value: String)]
  public var turns: [Turn]
  public var expect: JSONValue
  public var invariants: [String]
  /// Faults to inject: `cloudCrashOn` (a tool whose call kills the cloud server),
  /// `hostKeyChanged` (the VM offers a different host key than the pinned one).
  public var faults: JSONValue
  /// Most tool calls, model requests and estimated tokens in one request the run may use
  /// (`toolCalls`, `modelRequests`, `requestTokens`; the last defaults to 12,000 so a
  /// 16k-context model fits).
  public var budgets: JSONValue

  /// Reads a scenario; errors say which field is wrong.
  public init(json: JSONValue, path: String) throws(InputError) {
    guard let id = json["id"]?.stringValue else { throw InputError("needs an \"id\"", source: path) }
    self.id = id
    description = json["description"]?.stringValue ?? ""
    app = json["app"]?.stringValue ?? "notes"
    flyLoggedIn = json["fly"]?["loggedIn"]?.boolValue ?? true
    allowWrites = json["permissions"]?["allowWrites"]?.boolValue ?? false
    assumeYes = json["permissions"]?["yes"]?.boolValue ?? false
    maxMonthlyUSD = json["permissions"]?["maxMonthlyUSD"]?.doubleValue
    approvals = (json["approvals"]?.arrayValue ?? []).compactMap(\.boolValue)
    personSecrets = (json["secrets"]?.objectValue ?? []).compactMap { pair in pair.value.stringValue.map { (pair.key, $0) } }
    var turns: [Turn] = []
    for (index, turn) in (json["turns"]?.arrayValue ?? []).enumerated() {
      guard let phase = turn["phase"]?.intValue.flatMap(MigrationPhase.init(rawValue:)) else {
        throw InputError("turns[\(index)].phase must be 1-7", source: path)
      }
      turns.append(Turn(phase: phase, message: turn["message"]?.stringValue ?? "", model: turn["model"]?.arrayValue ?? []))
    }
    guard !turns.isEmpty else { throw InputError("needs at least one turn", source: path) }
    self.turns = turns
    expect = json["expect"] ?? .object([])
    invariants = (json["invariants"]?.arrayValue ?? []).compactMap(\.stringValue)
    faults = json["faults"] ?? .object([])
    budgets = json["budgets"] ?? .object([])
  }
}
