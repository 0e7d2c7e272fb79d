/// What the policy says about one call, ordered so that `max()` is the strictest.
public enum Decision: Int, Sendable, Equatable, Comparable, CaseIterable {
  case allow
  case ask
  case deny

  public static func < (lhs: Decision, rhs: Decision) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// How a person must answer an `ask`.
public enum ApprovalKind: Int, Sendable, Equatable, Comparable {
  /// A routine write: `--yes` answers it.
  case routine
  /// Money or an irreversible step: only a person answers it, never `--yes`.
  case explicit
  /// Destruction: the person types the resource's name.
  case typeToConfirm

  public static func < (lhs: ApprovalKind, rhs: ApprovalKind) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A decision with its reasons (every rule that produced it) and, for `ask`, how to ask.
public struct Verdict: Sendable, Equatable {
  public var decision: Decision
  public var reasons: [String]
  public var approval: ApprovalKind
  /// For `typeToConfirm`: what the person must type.
  public var confirmationText: String?

  /// Creates a verdict.
  public init(_ decision: Decision, _ reasons: [String], approval: ApprovalKind = .routine, confirmationText: String? = nil) {
    self.decision = decision
    self.reasons = reasons
    self.approval = approval
    self.confirmationText = confirmationText
  }

  /// Nothing objects.
  public static let allowed = Verdict(.allow, [])

  /// The strictest of `verdicts`: the highest decision, with the reasons of every verdict at that
  /// level, and the most demanding way of asking.
  public static func strictest(_ verdicts: [Verdict]) -> Verdict {
    guard let top = verdicts.map(\.decision).max() else { return .allowed }
    let winners = verdicts.filter { $0.decision == top }
    let approval = winners.map(\.approval).max() ?? .routine
    let confirmation = winners.first { $0.approval == .typeToConfirm }?.confirmationText
    return Verdict(top, winners.flatMap(\.reasons), approval: approval, confirmationText: confirmation)
  }

  /// The reasons joined for a person or the model.
  public var reason: String { reasons.joined(separator: "; ") }
}
