/// Where the person's lines come from: a line editor on a terminal, or plain standard input.
///
/// Live: `EditLineInput`, `PipeLineInput` (LandfallTransport). Fake: `ScriptedLineInput`.
public protocol LineInput: Sendable {
  /// The next line, shown after `prompt` when interactive; `nil` at end of input.
  func readLine(prompt: String) async -> String?
}

/// Where the REPL writes for the person.
public protocol ChatOutput: Sendable {
  /// Writes `text` as is (streamed model text, no newline added).
  func write(_ text: String)
  /// Writes a line of Landfall's own commentary (tool activity, notices), dimmed when colour is on.
  func notice(_ text: String)
  /// Shows what Landfall is waiting for (`nil` erases it); `countsSeconds` adds the time waited.
  func status(_ text: String?, countsSeconds: Bool)
  /// A turn starts: the person's keys are held until the next prompt.
  func beginTurn()
  /// The turn ended: the status is erased and typing shows again.
  func endTurn()
}

extension ChatOutput {
  /// Outputs without a status line ignore it.
  public func status(_ text: String?, countsSeconds: Bool) {}
  /// Shows what Landfall is waiting for, with the time waited.
  public func status(_ text: String?) { status(text, countsSeconds: true) }
  /// Nothing to hold.
  public func beginTurn() {}
  /// Nothing to release.
  public func endTurn() {}
}
