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

  /// Creates an event.
  public init(seq: Int, at: String, kind: EventKind, fields: [(key: String, value: JSONValue)]) {
    self.seq = seq
    self.at = at
    self.kind = kind
    self.fields = fields
  }

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
