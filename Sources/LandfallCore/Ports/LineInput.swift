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
}
