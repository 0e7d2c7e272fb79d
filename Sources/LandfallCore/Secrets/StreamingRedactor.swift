public import LandfallPolicy
internal import Synchronization

/// Passes streamed model text to a screen with every secret redacted, holding back only the tail
/// that could still be the start of a secret's encoded form.
///
/// The redactor is replaced the moment the vault learns a value (`update`), so text streamed
/// after a value arrives is judged against it. A piece of text is shown only when redacting it
/// alone gives the same characters as redacting everything received so far, so a secret split
/// across chunks is never shown in part.
public final class StreamingRedactor: Sendable {
  private struct State {
    var redactor: Redactor
    var holdBack: Int
    var received = ""
    var shown = ""
  }

  private let state: Mutex<State>
  private let sink: @Sendable (String) -> Void

  /// A stream into `sink`, redacted with `redactor`; `holdBack` characters stay unshown until
  /// more text or the end of the stream arrives.
  public init(redactor: Redactor, holdBack: Int, sink: @escaping @Sendable (String) -> Void) {
    state = Mutex(State(redactor: redactor, holdBack: holdBack))
    self.sink = sink
  }

  /// Judges later text with `redactor`.
  public func update(_ redactor: Redactor, holdBack: Int) {
    state.withLock { state in
      state.redactor = redactor
      state.holdBack = max(state.holdBack, holdBack)
    }
  }

  /// Takes the next chunk of the stream.
  public func write(_ chunk: String) {
    let out = state.withLock { state -> String in
      state.received += chunk
      var cut = state.received.count - state.holdBack
      if let pem = state.received.ranges(of: "-----BEGIN").last, !state.received[pem.lowerBound...].contains("-----END") {
        cut = min(cut, state.received.distance(from: state.received.startIndex, to: pem.lowerBound))
      }
      guard cut > 0 else { return "" }
      let candidate = state.redactor.redact(String(state.received.prefix(cut)))
      guard candidate.count > state.shown.count, candidate.hasPrefix(state.shown),
        state.redactor.redact(state.received).hasPrefix(candidate)
      else { return "" }
      let fresh = String(candidate.dropFirst(state.shown.count))
      state.shown = candidate
      return fresh
    }
    if !out.isEmpty { sink(out) }
  }

  /// Shows whatever is still held back, redacted; the stream is over.
  public func finish() {
    let out = state.withLock { state -> String in
      let whole = state.redactor.redact(state.received)
      let rest = whole.hasPrefix(state.shown) ? String(whole.dropFirst(state.shown.count)) : "\n" + whole
      state.received = ""
      state.shown = ""
      return rest
    }
    if !out.isEmpty { sink(out) }
  }
}
