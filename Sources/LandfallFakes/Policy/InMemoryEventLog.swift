public import LandfallCore
public import LandfallModel

/// An `EventLog` in memory with a fixed clock, for tests and evals.
public actor InMemoryEventLog: EventLog {
  public private(set) var events: [TranscriptEvent] = []

  /// An empty log.
  public init() {}

  public func append(_ kind: EventKind, _ fields: [(key: String, value: JSONValue)]) async throws(EventLogError) -> TranscriptEvent {
    let seq = events.count + 1
    let seconds = seq % 60
    let event = TranscriptEvent(
      seq: seq, at: "2026-01-01T00:00:\(seconds < 10 ? "0" : "")\(seconds)Z", kind: kind, fields: fields)
    events.append(event)
    return event
  }

  /// The events of `kind`, in order.
  public func events(of kind: EventKind) -> [TranscriptEvent] {
    events.filter { $0.kind == kind }
  }
}
