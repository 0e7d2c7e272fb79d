import Foundation

/// An append-only log file (mode 0600); callers pass lines that were already redacted.
public final class LogFile: Sendable {
  private let path: String?

  /// A log at `path`; `nil` discards everything.
  public init(path: String?) {
    self.path = path
  }

  /// Appends one line.
  public func append(_ line: String) {
    guard let path else { return }
    let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
    guard descriptor >= 0 else { return }
    defer { close(descriptor) }
    let text = line.hasSuffix("\n") ? line : line + "\n"
    _ = text.withCString { write(descriptor, $0, strlen($0)) }
  }
}
