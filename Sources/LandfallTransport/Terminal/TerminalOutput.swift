import Foundation
public import LandfallCore

/// The REPL's output: model text to standard output, Landfall's notices to standard error.
///
/// On a terminal the model's Markdown is rendered and wrapped to the width, notices are wrapped
/// (dimmed unless `NO_COLOR`), a status line shows what is being waited for, and keys typed
/// during a turn are not echoed into the text (they wait for the next prompt). On a pipe text
/// passes through without rendering and notices are plain lines. Either way control characters
/// in the text are shown, never obeyed (`TerminalSafeText`).
public final class TerminalOutput: ChatOutput, @unchecked Sendable {
  private let colour: Bool
  private let terminal: Bool
  private let width: Int?
  private let statusLine: TerminalStatusLine?
  // Guarded by `lock`.
  private let lock = NSLock()
  private var renderer: MarkdownRenderer
  private let typeAhead = TypeAheadHold()
  private var lastPlainStatus: String?

  /// An output; `colour` dims notices and styles Markdown, `terminal` turns on rendering,
  /// wrapping at `width` and the status line (drawn only with colour).
  public init(colour: Bool, terminal: Bool = false, width: Int? = nil) {
    self.colour = colour
    self.terminal = terminal
    self.width = terminal ? width : nil
    statusLine = terminal && colour ? TerminalStatusLine() : nil
    renderer = MarkdownRenderer(colour: colour, width: terminal ? width : nil)
  }

  public func write(_ text: String) {
    let text = TerminalSafeText.visible(text)
    guard terminal else { return FileHandle.standardOutput.writeText(text) }
    lock.withLock {
      let rendered = renderer.feed(text)
      if !rendered.isEmpty {
        statusLine?.clear()
        FileHandle.standardOutput.writeText(rendered)
      }
      if renderer.hasPending { statusLine?.show("the model is writing a line") }
    }
  }

  public func notice(_ text: String) {
    lock.withLock {
      let rest = renderer.finish()
      let lines = TerminalSafeText.visible(text).split(separator: "\n", omittingEmptySubsequences: false).flatMap {
        WordWrapper.wrap(String($0), width: width, first: "", rest: "    ")
      }
      let body = lines.map { colour ? "\u{1B}[2m\($0)\u{1B}[0m" : $0 }.joined(separator: "\n") + "\n"
      let show = {
        if !rest.isEmpty { FileHandle.standardOutput.writeText(rest + "\n") }
        FileHandle.standardError.writeText(body)
      }
      if let statusLine { statusLine.around(show) } else { show() }
    }
  }

  public func status(_ text: String?, countsSeconds: Bool) {
    let text = text.map(TerminalSafeText.visible)
    guard let statusLine else {
      guard let text, !countsSeconds else { return }
      let kind = text.filter { !$0.isNumber }
      let isNew = lock.withLock {
        defer { lastPlainStatus = kind }
        return lastPlainStatus != kind
      }
      if isNew { FileHandle.standardError.writeText(text + "\n") }
      return
    }
    if let text { statusLine.show(text, countsSeconds: countsSeconds) } else { statusLine.clear() }
  }

  public func beginTurn() {
    if terminal { typeAhead.hold() }
  }

  public func endTurn() {
    statusLine?.clear()
    lock.withLock { lastPlainStatus = nil }
    if terminal { typeAhead.release() }
  }
}

/// Keeps keys typed while Landfall works off the screen: echo is off during a turn, so the
/// keys wait in the terminal's buffer and appear at the next prompt.
final class TypeAheadHold: @unchecked Sendable {
  // Guarded by `lock`.
  private let lock = NSLock()
  private var saved: termios?

  func hold() {
    lock.withLock {
      guard saved == nil, isatty(0) == 1 else { return }
      var current = termios()
      guard tcgetattr(0, &current) == 0 else { return }
      saved = current
      var quiet = current
      quiet.c_lflag &= ~tcflag_t(ECHO)
      tcsetattr(0, TCSANOW, &quiet)
    }
  }

  func release() {
    lock.withLock {
      guard var original = saved else { return }
      tcsetattr(0, TCSANOW, &original)
      saved = nil
    }
  }
}
