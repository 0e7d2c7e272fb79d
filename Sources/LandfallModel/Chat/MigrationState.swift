/// The ledger of what the migration has learned and done, kept small enough to travel in every
/// prompt, so that a small context window suffices and a crashed session can resume.
public struct MigrationState: Sendable, Equatable {
  public var app: String?
  public var target: String?
  public var phase: MigrationPhase?
  public var vmAddress: String?
  public var facts: [String] = []
  /// One line per older exchange that was folded out of the conversation.
  public var earlier: [String] = []

  /// An empty ledger.
  public init(app: String? = nil, target: String? = nil) {
    self.app = app
    self.target = target
  }

  /// Records a fact once.
  public mutating func note(_ fact: MigrationFact) {
    if case .vmAddress(let address) = fact { vmAddress = address }
    if !facts.contains(fact.name) { facts.append(fact.name) }
  }

  /// The ledger as a few lines for the system prompt.
  public var summary: String {
    var lines: [String] = []
    if let app { lines.append("Fly app: \(app)") }
    if let target { lines.append("Landing target: \(target)") }
    if let phase { lines.append("Current phase: \(phase.rawValue) (\(phase.title))") }
    if let vmAddress { lines.append("VM address: \(vmAddress)") }
    if !facts.isEmpty { lines.append("Observed so far: " + facts.joined(separator: ", ")) }
    if !earlier.isEmpty {
      lines.append("Earlier in this session (condensed):")
      lines += earlier.suffix(40).map { "- " + $0 }
    }
    return lines.joined(separator: "\n")
  }

  /// The ledger as a transcript field.
  public var json: JSONValue {
    .object([
      ("app", .string(app)), ("target", .string(target)), ("phase", phase.map { .int($0.rawValue) } ?? .null),
      ("vmAddress", .string(vmAddress)), ("facts", .strings(facts)), ("earlier", .strings(earlier)),
    ])
  }

  /// Reads the transcript form back.
  public init(json: JSONValue) {
    app = json["app"]?.stringValue
    target = json["target"]?.stringValue
    phase = json["phase"]?.intValue.flatMap(MigrationPhase.init(rawValue:))
    vmAddress = json["vmAddress"]?.stringValue
    facts = (json["facts"]?.arrayValue ?? []).compactMap(\.stringValue)
    earlier = (json["earlier"]?.arrayValue ?? []).compactMap(\.stringValue)
  }
}
