import Foundation
internal import LandfallFakes

/// The two PostgreSQL clusters an eval's phase 4 moves data between: "Fly Postgres" (reached
/// through the fake flyctl's proxy) and the VM's server (reached through the fake host's tunnel).
/// Started once, on first use, and shared by every scenario of a run; each scenario gets fresh
/// databases and holds them alone until it releases them. The clusters stop when the process
/// exits, if no one stopped them before.
actor EvalDatabases {
  /// Why the clusters could not be started (PostgreSQL not installed, say).
  struct Unavailable: Error, CustomStringConvertible {
    var description: String
  }

  /// The database and role the sample app uses on both sides.
  static let database = "notes_demo"
  static let role = "notes_demo"

  private var clusters: (source: LoopbackPostgresCluster, target: LoopbackPostgresCluster)?
  private var failure: String?
  private var held = false
  private var waiting: [CheckedContinuation<Void, Never>] = []

  /// The shared pair.
  static let shared = EvalDatabases()

  /// Fresh databases, held by the caller until `release()`: the source seeded with the sample
  /// schema and `rows` event rows, the target empty. Returns the clusters' ports.
  func fresh(rows: Int) async throws(Unavailable) -> (source: Int, target: Int) {
    if held { await withCheckedContinuation { waiting.append($0) } }
    held = true
    let pair: (source: LoopbackPostgresCluster, target: LoopbackPostgresCluster)
    do {
      pair = try started()
    } catch {
      release()
      throw error
    }
    do {
      for cluster in [pair.source, pair.target] {
        try cluster.psql("postgres", "DROP DATABASE IF EXISTS \(Self.database) WITH (FORCE)")
        try cluster.psql("postgres", "CREATE DATABASE \(Self.database) OWNER \(Self.role)")
      }
      try pair.source.psql(Self.database, SampleDatabase.script(eventRows: rows))
    } catch {
      release()
      throw Unavailable(description: "cannot prepare the eval databases: \(error)")
    }
    return (pair.source.port, pair.target.port)
  }

  /// Lets the next run have the databases.
  func release() {
    if waiting.isEmpty {
      held = false
    } else {
      waiting.removeFirst().resume()
    }
  }

  /// Runs `sql` on the source database (a write that slipped past the freeze).
  func writeToSource(_ sql: String) throws(Unavailable) {
    do {
      try started().source.psql(Self.database, sql)
    } catch {
      throw Unavailable(description: "cannot write to the source database: \(error)")
    }
  }

  private func started() throws(Unavailable) -> (source: LoopbackPostgresCluster, target: LoopbackPostgresCluster) {
    if let clusters { return clusters }
    if let failure { throw Unavailable(description: failure) }
    do {
      let source = try LoopbackPostgresCluster()
      let target = try LoopbackPostgresCluster()
      for cluster in [source, target] {
        try cluster.psql("postgres", "CREATE ROLE \(Self.role) LOGIN SUPERUSER")
      }
      clusters = (source, target)
      ClustersAtExit.register([source, target])
      return (source, target)
    } catch {
      failure = "phase 4 needs PostgreSQL on this machine: \(error)"
      throw Unavailable(description: failure ?? "")
    }
  }

  /// Stops both clusters.
  func stop() {
    clusters?.source.stop()
    clusters?.target.stop()
    clusters = nil
  }
}

/// Stops the clusters when the process exits normally, so none outlives a run that forgot them.
enum ClustersAtExit {
  private nonisolated(unsafe) static var registered: [LoopbackPostgresCluster] = []
  private static let lock = NSLock()

  static func register(_ clusters: [LoopbackPostgresCluster]) {
    let first = lock.withLock {
      defer { registered += clusters }
      return registered.isEmpty
    }
    guard first else { return }
    atexit {
      let all = ClustersAtExit.lock.withLock { ClustersAtExit.registered }
      for cluster in all { cluster.stop() }
    }
  }
}
