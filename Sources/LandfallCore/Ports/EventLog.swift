public import LandfallModel

/// The ordered log every event is committed to before the next step runs.
///
/// Live: `SQLiteTranscriptStore` (LandfallTranscript). Fake: `InMemoryEventLog` (LandfallFakes).
public protocol EventLog: Sendable {
  /// Appends one event and returns it with its sequence number and time.
  func append(_ kind: EventKind, _ fields: [(key: String, value: JSONValue)]) async throws(EventLogError) -> TranscriptEvent
  /// Appends several events as one unit (one tool call's decision, approval and result): a
  /// crash leaves all of them or none.
  func appendAll(_ events: [(kind: EventKind, fields: [(key: String, value: JSONValue)])]) async throws(EventLogError)
    -> [TranscriptEvent]
}

extension EventLog {
  /// One by one, for logs that have no transactions (in memory, tests).
  public func appendAll(_ events: [(kind: EventKind, fields: [(key: String, value: JSONValue)])]) async throws(EventLogError)
    -> [TranscriptEvent]
  {
    var written: [TranscriptEvent] = []
    for event in events { written.append(try await append(event.kind, event.fields)) }
    return written
  }
}

/// Why an event could not be recorded; the run stops rather than continue unrecorded.
public struct EventLogError: Error, Sendable, Equatable, CustomStringConvertible {
  public var message: String

  /// Creates an error.
  public init(_ message: String) {
    self.message = message
  }

  public var description: String { "the transcript could not be written: \(message)" }
}
