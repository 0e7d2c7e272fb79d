/// The typed record of what the migration created and observed, folded from the transcript's
/// events: the resources made (with ids and monthly cost), keys, the VM, the freeze, the data
/// copy and its verification, health, DNS and TLS. The transcript store writes it to SQLite in
/// the same transaction as each event that changes it; the agent summarises it into every
/// prompt; a resumed session folds it back.
public struct MigrationLedger: Sendable, Equatable {
  /// Something billable or lasting the session created in the cloud.
  public struct Resource: Sendable, Equatable {
    public var tool: String
    public var id: String
    public var name: String?
    public var monthlyUSD: Double?
  }

  public private(set) var app: String?
  public private(set) var resources: [Resource] = []
  public private(set) var keyPaths: [String] = []
  public private(set) var vmAddresses: [String] = []
  public private(set) var committedMonthlyUSD: Double = 0
  /// When Fly was last observed at zero, and whether it ran again since.
  public private(set) var frozenAt: String?
  public private(set) var flyRunningSinceFreeze = false
  public private(set) var finalCopyAt: String?
  /// The last verification: matched or not, and when.
  public private(set) var verified: (match: Bool, at: String)?
  public private(set) var healthy: (passed: Bool, at: String)?
  public private(set) var dnsPointsAt: String?
  public private(set) var certificateIssued = false
  public private(set) var httpsVerified: Bool?
  public private(set) var cutoverConfirmed = false
  public private(set) var offlineCopySaved = false
  private var pendingCost: [String: Double] = [:]

  /// An empty ledger.
  public init() {}

  /// The ledger of `events`, folded in order.
  public init(events: [TranscriptEvent]) {
    for event in events { apply(event) }
  }

  /// Folds one event in; events the ledger does not track change nothing.
  public mutating func apply(_ event: TranscriptEvent) {
    switch event.kind {
    case .sessionStart:
      app = event["app"]?.stringValue ?? app
    case .costCommit, .costRelease:
      if let total = event["committedMonthlyUSD"]?.doubleValue { committedMonthlyUSD = total }
      if event.kind == .costCommit, let id = event["id"]?.stringValue { pendingCost[id] = event["monthlyUSD"]?.doubleValue }
    case .toolResult:
      record(result: event)
    case .stateChange:
      guard let name = event["fact"]?.stringValue, let fact = MigrationFact(name: name, detail: event["detail"]?.stringValue) else { return }
      observe(fact, at: event.at)
    default:
      return
    }
  }

  private mutating func record(result event: TranscriptEvent) {
    guard let name = event["name"]?.stringValue, let created = event["created"], let id = created["id"]?.stringValue else { return }
    let callID = event["id"]?.stringValue ?? ""
    resources.append(Resource(tool: name, id: id, name: created["name"]?.stringValue, monthlyUSD: pendingCost.removeValue(forKey: callID)))
  }

  private mutating func observe(_ fact: MigrationFact, at time: String) {
    switch fact {
    case .flyObservedAtZero:
      frozenAt = time
      flyRunningSinceFreeze = false
    case .flyRunning: if frozenAt != nil { flyRunningSinceFreeze = true }
    case .finalDumpTaken: finalCopyAt = time
    case .restoreCompleted, .serverChanged:
      verified = nil
      healthy = nil
    case .rowCountsCompared(let match): verified = (match, time)
    case .healthCheck(let passed): healthy = (passed, time)
    case .dnsResolvesToVM, .releaseCommandRan, .imageReady, .dnsChecked: break
    case .dnsPointsAt(let address): dnsPointsAt = address
    case .vmAddress(let address): if !vmAddresses.contains(address) { vmAddresses.append(address) }
    case .keySaved(let path): if !keyPaths.contains(path) { keyPaths.append(path) }
    case .certificateIssued: certificateIssued = true
    case .httpsVerified(let passed): httpsVerified = passed
    case .cutoverConfirmed(let yes): cutoverConfirmed = yes
    case .offlineCopySaved: offlineCopySaved = true
    }
  }

  public static func == (lhs: MigrationLedger, rhs: MigrationLedger) -> Bool {
    lhs.json == rhs.json
  }
}
