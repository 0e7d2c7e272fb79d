public import LandfallModel

/// What a chat session runs against, shown when it starts so a person knows where changes go.
public struct ChatBanner: Sendable, Equatable {
  public var app: String?
  public var model: String
  /// The model endpoint's host (no path, no key).
  public var endpointHost: String
  public var provider: String
  public var sandbox: Bool
  public var writesAllowed: Bool
  /// The monthly cap (`--max-monthly-usd`), if any.
  public var capUSD: Double?
  public var sessionID: String
  /// True when the session continues an earlier one.
  public var resumed: Bool

  /// Creates a banner.
  public init(
    app: String?, model: String, endpointHost: String, provider: String, sandbox: Bool, writesAllowed: Bool, capUSD: Double?,
    sessionID: String, resumed: Bool
  ) {
    self.app = app
    self.model = model
    self.endpointHost = endpointHost
    self.provider = provider
    self.sandbox = sandbox
    self.writesAllowed = writesAllowed
    self.capUSD = capUSD
    self.sessionID = sessionID
    self.resumed = resumed
  }

  /// The banner's lines for `phase`.
  public func lines(phase: MigrationPhase) -> [String] {
    let mode = sandbox ? "sandbox (fake cloud, VM and flyctl; nothing real is touched)" : "real (live Fly and cloud)"
    let writes = writesAllowed ? "writes allowed, each one approved" : "read-only (start with --allow-writes to change things)"
    let cap = capUSD.map { "$\(String(format2: $0))/month" } ?? "none"
    return [
      "Landfall · app \(app ?? "(unknown: no fly.toml or --fly-app)") · phase \(phase.rawValue) (\(phase.title))",
      "model \(model) via \(provider) at \(endpointHost)",
      "mode \(mode); \(writes); cost cap \(cap)",
      "transcript \(sessionID)\(resumed ? " (resumed)" : "") · /help lists the commands",
    ]
  }

  /// The line printed on leaving: how to continue this session.
  public static func resumeLine(sessionID: String) -> String {
    "Session saved. Continue it with: landfall chat --resume \(sessionID)"
  }
}
