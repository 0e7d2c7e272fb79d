import Foundation
public import LandfallCore

/// Asks on the terminal, or reads one line per approval when standard input is not a terminal.
///
/// `y`/`yes` approves a routine or explicit request; a destructive one needs the resource's
/// name typed exactly. End of input, or anything else, declines.
public actor StandardInputApprover: Approver {
  private let lines: LineReader

  /// An approver reading from `lines` (standard input by default).
  public init(lines: LineReader = LineReader()) {
    self.lines = lines
  }

  public func approve(_ request: ApprovalRequest) async -> Bool {
    var prompt = "\n\(request.summary)\n"
    for reason in request.reasons { prompt += "  - \(reason)\n" }
    switch request.kind {
    case .routine: prompt += "Approve? [y/N] "
    case .explicit: prompt += "This costs money or cannot be undone. Approve? [y/N] "
    case .typeToConfirm: prompt += "Type \(request.confirmationText ?? request.tool) to confirm: "
    }
    FileHandle.standardError.writeText(prompt)
    guard let answer = await lines.next()?.trimmingCharacters(in: .whitespaces) else { return false }
    if request.kind == .typeToConfirm { return answer == (request.confirmationText ?? request.tool) }
    return ["y", "yes"].contains(answer.lowercased())
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
