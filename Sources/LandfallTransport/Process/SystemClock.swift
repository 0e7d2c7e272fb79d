import Foundation

/// Wall-clock timestamps for transcripts, as ISO-8601 in UTC with milliseconds.
public enum SystemClock {
  /// The current time, e.g. `2026-11-27T13:05:09.123Z`.
  @Sendable public static func now() -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter.string(from: Date())
  }
}
