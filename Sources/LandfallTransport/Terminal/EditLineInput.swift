internal import CEdit
import Foundation
public import LandfallCore

/// Line editing and history from libedit on a terminal; history is kept in a file (mode 0600).
public final class EditLineInput: LineInput, @unchecked Sendable {
  // libedit keeps global state; `lock` makes sure one read runs at a time.
  private let lock = NSLock()
  private let historyPath: String?

  /// An input that loads and appends to the history file at `historyPath`.
  public init(historyPath: String?) {
    self.historyPath = historyPath
    if let historyPath {
      _ = read_history(historyPath)
    }
  }

  public func readLine(prompt: String) async -> String? {
    await withCheckedContinuation { continuation in
      Thread.detachNewThread { [self] in
        continuation.resume(returning: lock.withLock { read(prompt) })
      }
    }
  }

  private func read(_ prompt: String) -> String? {
    guard let raw = readline(prompt) else { return nil }
    defer { free(raw) }
    let line = String(cString: raw)
    if !line.trimmingCharacters(in: .whitespaces).isEmpty, !line.hasPrefix("/secret") {
      add_history(raw)
      if let historyPath {
        _ = write_history(historyPath)
        chmod(historyPath, 0o600)
      }
    }
    return line
  }
}

/// Lines from standard input when it is not a terminal; no prompt is shown.
public struct PipeLineInput: LineInput {
  private let reader = LineReader()

  /// An input over standard input.
  public init() {}

  public func readLine(prompt: String) async -> String? {
    await reader.next()
  }
}
