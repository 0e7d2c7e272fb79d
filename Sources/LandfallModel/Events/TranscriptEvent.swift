/// The kinds of event in a session's ordered log.
public enum EventKind: String, Sendable, Equatable, CaseIterable {
  case sessionStart = "session_start"
  case userMessage = "user_message"
  case llmRequest = "llm_request"
  case llmResponse = "llm_response"
  case toolCall = "tool_call"
  case policyDecision = "policy_decision"
  case approval
  case toolResult = "tool_result"
  case costEstimate = "cost_estimate"
  /// A billable call spent an estimate: the amount joins the session's committed total.
  case costCommit = "cost_commit"
  /// A billable call that was committed before it ran is known to have done nothing (the cloud
  /// refused it): its estimate is unspent again and its amount leaves the total.
  case costRelease = "cost_release"
  case stateChange = "state_change"
  case error
  case sessionEnd = "session_end"
}

/// One entry of the log: its place, its time, its kind and its kind-specific fields.
///
/// Every string in `fields` has already passed the redactor when the event is stored.
public struct TranscriptEvent: Sendable, Equatable {
  public var seq: Int
  public var at: String
  public var kind: EventKind
  public var fields: [(key: String, value: JSONValue)]

  /// Creates an event. A field named like a header key (`seq`, `at`, `kind`) is renamed after
  /// the event's kind (`approvalKind`), so the export never holds a key twice.
  public init(seq: Int, at: String, kind: EventKind, fields: [(key: String, value: JSONValue)]) {
    self.seq = seq
    self.at = at
    self.kind = kind
    self.fields = fields.map { field in
      guard Self.headerKeys.contains(field.key) else { return field }
      let words = kind.rawValue.split(separator: "_")
      let prefix = (words.first.map(String.init) ?? "") + words.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
      return (prefix + field.key.prefix(1).uppercased() + field.key.dropFirst(), field.value)
    }
  }

  static let headerKeys: Set<String> = ["seq", "at", "kind"]

  public static func == (lhs: TranscriptEvent, rhs: TranscriptEvent) -> Bool {
    lhs.json == rhs.json
  }

  /// The value of field `key`.
  public subscript(key: String) -> JSONValue? {
    fields.first { $0.key == key }?.value
  }

  /// The export form: `seq`, `at`, `kind`, then the fields.
  public var json: JSONValue {
    .object([("seq", .int(seq)), ("at", .string(at)), ("kind", .string(kind.rawValue))] + fields)
  }
}

extension TranscriptEvent {
  /// Events from an export: one JSON object per line with `seq`, `at`, `kind` and the fields; an
  /// error names the line.
  public static func parse(jsonl: String) throws(InputError) -> [TranscriptEvent] {
    var events: [TranscriptEvent] = []
    let lines = jsonl.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
    for (number, line) in lines.enumerated() where !line.allSatisfy(\.isWhitespace) {
      let value: JSONValue
      do {
        value = try JSONParser.parse(String(line))
      } catch {
        throw InputError(error.message, line: number + 1, column: error.column)
      }
      guard let seq = value["seq"]?.intValue, let at = value["at"]?.stringValue,
        let kind = value["kind"]?.stringValue.flatMap(EventKind.init(rawValue:))
      else {
        throw InputError("not a transcript event (needs seq, at and a known kind)", line: number + 1)
      }
      var header = headerKeys
      let fields = (value.objectValue ?? []).filter { header.remove($0.key) == nil }
      events.append(TranscriptEvent(seq: seq, at: at, kind: kind, fields: fields))
    }
    return events
  }

  /// The JSONL export of `events`.
  public static func jsonl(_ events: [TranscriptEvent]) -> String {
    events.map { JSONWriter.string($0.json) + "\n" }.joined()
  }
}
