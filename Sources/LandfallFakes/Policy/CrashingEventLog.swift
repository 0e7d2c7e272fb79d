import Foundation
public import LandfallCore
public import LandfallModel

/// An event log that kills its own process with SIGKILL just before the `count`th event of `kind`
/// is written, as a power cut or `kill -9` would: for crash-and-resume tests of whole sessions.
/// Nothing after the kill point reaches the log; everything before it is already stored.
public actor CrashingEventLog: EventLog {
  /// Where to crash: before the `count`th event of `kind` (counting from 1).
  public struct Point: Sendable, Equatable {
    public var kind: EventKind
    public var count: Int

    /// `KIND:COUNT`, e.g. `tool_result:3`; nil for anything else.
    public init?(_ text: String) {
      let parts = text.split(separator: ":")
      guard parts.count == 2, let kind = EventKind(rawValue: String(parts[0])), let count = Int(parts[1]), count > 0 else { return nil }
      self.kind = kind
      self.count = count
    }
  }

  private let inner: any EventLog
  private let point: Point
  private var seen = 0

  /// `inner`, killed at `point`.
  public init(_ inner: any EventLog, crashingAt point: Point) {
    self.inner = inner
    self.point = point
  }

  public func append(_ kind: EventKind, _ fields: [(key: String, value: JSONValue)]) async throws(EventLogError) -> TranscriptEvent {
    crashIfDue(kind)
    return try await inner.append(kind, fields)
  }

  public func appendAll(_ events: [(kind: EventKind, fields: [(key: String, value: JSONValue)])]) async throws(EventLogError)
    -> [TranscriptEvent]
  {
    for event in events { crashIfDue(event.kind) }
    return try await inner.appendAll(events)
  }

  private func crashIfDue(_ kind: EventKind) {
    guard kind == point.kind else { return }
    seen += 1
    if seen == point.count { kill(getpid(), SIGKILL) }
  }
}
