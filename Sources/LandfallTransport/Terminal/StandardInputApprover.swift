import Foundation
public import LandfallCore

/// Asks the person on the terminal, or reads one line per question when standard input is
/// not a terminal.
///
/// Each request says in words what the call does (`ApprovalWording`), with warnings and the
/// policy's reasons. Only `y`/`yes`/`n`/`no` (any case) answer a routine or explicit request;
/// a destructive one needs the resource's name typed exactly (or `n` to decline). Anything
/// else asks again. Ctrl-C at the prompt declines; end of input declines and is remembered in
/// `unanswered`, so a run without a terminal can say it could not ask.
public actor StandardInputApprover: Approver {
  private let lines: LineReader
  private let showsCall: Bool
  private let beforeAsking: @Sendable () -> Void
  private let useTerminal: Bool
  private let width: Int?
  /// Tools declined because input ended before anyone answered.
  public private(set) var unanswered: [String] = []

  /// An approver reading from `lines` (standard input by default), or from the terminal when
  /// standard input is one. `showsCall` prints the call itself (off when the chat already
  /// showed it); `beforeAsking` runs before the question (to erase a status line); `environment`
  /// may set the terminal's width (`COLUMNS`).
  public init(
    lines: LineReader = LineReader(), showsCall: Bool = true, environment: [String: String] = [:],
    beforeAsking: @escaping @Sendable () -> Void = {}
  ) {
    self.lines = lines
    self.showsCall = showsCall
    self.beforeAsking = beforeAsking
    useTerminal = isatty(0) == 1
    width = TerminalWidth.columns(descriptor: 2, environment: environment)
  }

  public func approve(_ request: ApprovalRequest) async -> Bool {
    beforeAsking()
    let question = ApprovalWording.question(for: request, showsCall: showsCall).split(separator: "\n", omittingEmptySubsequences: false)
    let indent = { (line: Substring) in String(line.prefix { $0 == " " || $0 == "-" }) }
    let wrapped = question.flatMap { line in
      WordWrapper.wrap(String(line.drop { $0 == " " || $0 == "-" }), width: width, first: indent(line), rest: String(repeating: " ", count: indent(line).count))
    }
    FileHandle.standardError.writeText(wrapped.joined(separator: "\n"))
    let expected = request.kind == .typeToConfirm ? request.confirmationText ?? request.tool : nil
    let prompt = expected.map { "Type \(TerminalSafeText.visible($0)) to confirm, or n to decline: " } ?? "Approve? [y/n] "
    if useTerminal, TerminalAnswer.discardTypeAhead() {
      FileHandle.standardError.writeText("(keys typed while Landfall was working were discarded)\n")
    }
    while true {
      FileHandle.standardError.writeText(prompt)
      guard let raw = await nextAnswer() else {
        if Task.isCancelled {
          FileHandle.standardError.writeText("\ndeclined (Ctrl-C): \(request.tool) did not run\n")
        } else {
          unanswered.append(request.tool)
          FileHandle.standardError.writeText("\ndeclined: no answer (input ended); \(request.tool) did not run\n")
        }
        return false
      }
      let answer = raw.trimmingCharacters(in: .whitespaces)
      if ["n", "no"].contains(answer.lowercased()) { return false }
      if let expected {
        if answer == expected { return true }
        FileHandle.standardError.writeText("That is not \(TerminalSafeText.visible(expected)).\n")
      } else if ["y", "yes"].contains(answer.lowercased()) {
        return true
      } else {
        FileHandle.standardError.writeText("Please answer y (yes) or n (no).\n")
      }
    }
  }

  private func nextAnswer() async -> String? {
    guard useTerminal else { return await lines.next() }
    let stop = TerminalAnswer.Stop()
    return await withTaskCancellationHandler {
      await withCheckedContinuation { continuation in
        Thread.detachNewThread { continuation.resume(returning: TerminalAnswer.read(until: stop)) }
      }
    } onCancel: {
      stop.set()
    }
  }
}

/// Lines from standard input, read off the cooperative threads.
public final class LineReader: Sendable {
  /// A reader over standard input.
  public init() {}

  /// The next line without its newline, or `nil` at end of input.
  public func next() async -> String? {
    await withCheckedContinuation { continuation in
      Thread.detachNewThread {
        continuation.resume(returning: Swift.readLine(strippingNewline: true))
      }
    }
  }
}
