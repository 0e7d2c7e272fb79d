import Foundation
import LandfallCore
import LandfallData
import LandfallFakes
import LandfallTransport

/// Two throwaway clusters on loopback: a source filled with the sample database and an empty
/// target database, stopped when the pair is released.
final class PostgresPair: @unchecked Sendable {
  let sourceCluster: LoopbackPostgresCluster
  let targetCluster: LoopbackPostgresCluster
  let source: PostgresEndpoint
  let target: PostgresEndpoint

  init(eventRows: Int = 20_000) throws {
    sourceCluster = try LoopbackPostgresCluster()
    targetCluster = try LoopbackPostgresCluster()
    try sourceCluster.createDatabase("app")
    try targetCluster.createDatabase("app")
    try sourceCluster.psql("app", SampleDatabase.script(eventRows: eventRows))
    source = try PostgresEndpoint(url: sourceCluster.url("app"))
    target = try PostgresEndpoint(url: targetCluster.url("app"))
  }

  deinit {
    sourceCluster.stop()
    targetCluster.stop()
  }

  var engine: PostgresCopyEngine {
    PostgresCopyEngine(connector: LibPQConnector(), dumper: SchemaDumper(commands: ProcessCommandRunner(path: "/usr/bin:/bin")))
  }

  var verifier: DataVerifier { DataVerifier(connector: LibPQConnector()) }

  /// Ends every target session a copy worker holds, as a dropped network would.
  func dropTargetCopySessions() throws -> Int {
    let admin = try LibPQConnector().connect(to: target.with(database: "postgres"), applicationName: "test-admin")
    defer { admin.close() }
    let rows = try admin.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE 'landfall-copy-%'")
    return rows.count
  }
}

/// A flag a worker thread sets once.
final class Once: @unchecked Sendable {
  private let lock = NSLock()
  private var fired = false

  /// True the first time only.
  func first() -> Bool {
    lock.withLock {
      defer { fired = true }
      return !fired
    }
  }

  var happened: Bool { lock.withLock { fired } }
}

/// A value worker threads add to.
final class Box<Value: Sendable>: @unchecked Sendable {
  private let lock = NSLock()
  private var value: Value

  init(_ value: Value) {
    self.value = value
  }

  func update(_ change: (inout Value) -> Void) {
    lock.withLock { change(&value) }
  }

  var current: Value { lock.withLock { value } }
}
