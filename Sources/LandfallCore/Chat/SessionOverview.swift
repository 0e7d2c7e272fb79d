public import LandfallModel

/// What a recorded session got to, read from its events: the app, the furthest phase, the
/// committed monthly cost and when it was last active (for `transcripts list`).
public struct SessionOverview: Sendable, Equatable {
  public var app: String?
  public var phaseReached: MigrationPhase?
  public var committedMonthlyUSD: Double
  public var lastActivity: String?

  /// The overview of `events`.
  public init(events: [TranscriptEvent]) {
    app = nil
    phaseReached = nil
    committedMonthlyUSD = 0
    lastActivity = events.last?.at
    for event in events {
      switch event.kind {
      case .userMessage, .toolCall:
        reach(event["phase"]?.intValue)
      case .stateChange:
        guard let saved = event["state"] else { continue }
        let state = MigrationState(json: saved)
        app = state.app ?? app
        reach(state.phase?.rawValue)
      case .costCommit, .costRelease:
        committedMonthlyUSD = event["committedMonthlyUSD"]?.doubleValue ?? committedMonthlyUSD
      default:
        continue
      }
    }
  }

  private mutating func reach(_ number: Int?) {
    guard let phase = number.flatMap(MigrationPhase.init(rawValue:)) else { return }
    if (phaseReached?.rawValue ?? 0) < phase.rawValue { phaseReached = phase }
  }

  /// The tab-separated columns after the id and start time: app, phase, events, committed cost.
  public func columns(events: Int) -> [String] {
    [
      app ?? "-", phaseReached.map { "phase \($0.rawValue) (\($0.title))" } ?? "-", "\(events) events",
      "$\(String(format2: committedMonthlyUSD))/month committed",
    ]
  }
}
