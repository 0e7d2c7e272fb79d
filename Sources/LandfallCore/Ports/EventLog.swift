public import LandfallModel

/// The ordered log every event is committed to before the next step runs.
///
/// Live: `SQLiteTranscriptStore` (LandfallTranscript). Fake: `InMemoryEventLog` (LandfallFakes).
public protocol EventLog: Sendable {
  /// Appends one event and returns it with its sequence number and time.
  func append(_ kind: EventKind, _ fields: [(key: String, value: JSONValue)]) async throws(EventLogError) -> TranscriptEvent
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
