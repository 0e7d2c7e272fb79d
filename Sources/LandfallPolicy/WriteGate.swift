public import LandfallModel

/// What the session allows, as set by the person on the command line.
public struct SessionPermissions: Sendable, Equatable {
  /// `--allow-writes`.
  public var allowWrites: Bool
  /// `--yes`: approves routine writes only.
  public var assumeYes: Bool
  /// `--max-monthly-usd`, if given.
  public var maxMonthlyUSD: Double?

  /// Creates permissions.
  public init(allowWrites: Bool = false, assumeYes: Bool = false, maxMonthlyUSD: Double? = nil) {
    self.allowWrites = allowWrites
    self.assumeYes = assumeYes
    self.maxMonthlyUSD = maxMonthlyUSD
  }
}

/// The write gate: read-only phases, `--allow-writes`, and destructive actions.
public enum WriteGate {
  /// The gate's verdict for a call with `effect` during `phase` (`nil`: no phase rule applies).
  public static func evaluate(
    tool: String, effect: ToolEffect, phase: MigrationPhase?, permissions: SessionPermissions,
    resourceName: String?
  ) -> Verdict {
    switch effect {
    case .read:
      return .allowed
    case .write, .destructive:
      if let phase, phase.isReadOnly {
        return Verdict(.deny, ["phase \(phase.rawValue) (\(phase.title)) is read-only; \(tool) changes something"])
      }
      guard permissions.allowWrites else {
        return Verdict(.deny, ["\(tool) changes something and this session was started without --allow-writes"])
      }
      if effect == .destructive {
        return Verdict(
          .ask, ["\(tool) destroys something and cannot be undone"], approval: .typeToConfirm,
          confirmationText: resourceName ?? tool)
      }
      return Verdict(.ask, ["\(tool) changes something"], approval: .routine)
    }
  }
}
