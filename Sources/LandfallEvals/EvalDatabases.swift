import Foundation
internal import LandfallFakes

/// The two PostgreSQL clusters an eval's phase 4 moves data between: "Fly Postgres" (reached
/// through the fake flyctl's proxy) and the VM's server (reached through the fake host's tunnel).
/// Started once, on first use, and shared by every scenario of a run; each scenario gets fresh
/// databases.
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

  /// The shared pair.
  static let shared = EvalDatabases()

  /// Fresh databases: the source seeded with the sample schema and `rows` event rows, the target
  /// empty. Returns the clusters' ports.
  func fresh(rows: Int) throws(Unavailable) -> (source: Int, target: Int) {
    let pair = try started()
    do {
      for cluster in [pair.source, pair.target] {
        try cluster.psql("postgres", "DROP DATABASE IF EXISTS \(Self.database) WITH (FORCE)")
        try cluster.psql("postgres", "CREATE DATABASE \(Self.database) OWNER \(Self.role)")
      }
      try pair.source.psql(Self.database, SampleDatabase.script(eventRows: rows))
    } catch {
      throw Unavailable(description: "cannot prepare the eval databases: \(error)")
    }
    return (pair.source.port, pair.target.port)
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
