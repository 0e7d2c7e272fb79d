import Foundation
public import LandfallCore

/// Compares two databases table by table: exact row counts and checksums computed by each
/// server, and every sequence's state.
public struct DataVerifier: Sendable {
  private let connector: any PostgresConnector

  /// A verifier connecting with `connector`.
  public init(connector: any PostgresConnector) {
    self.connector = connector
  }

  /// Verifies that `target` holds what `source` holds; `jobs` sessions per server work at once.
  public func verify(from source: PostgresEndpoint, to target: PostgresEndpoint, jobs: Int = 4) async throws -> DataReport {
    let started = Date()
    async let sourceView = open(source)
    async let targetView = open(target)
    let views = try await (sourceView, targetView)
    defer {
      views.0.holder.close()
      views.1.holder.close()
    }
    let rowHash = TableChecksum.RowHash.common([views.0.holder.serverVersion, views.1.holder.serverVersion])
    async let sourceSide = measure(views.0, endpoint: source, rowHash: rowHash, jobs: jobs)
    async let targetSide = measure(views.1, endpoint: target, rowHash: rowHash, jobs: jobs)
    let (from, to) = try await (sourceSide, targetSide)
    let names = Set(from.tables.keys).union(to.tables.keys).sorted()
    let tables = names.map { name in
      DataReport.Table(
        name: name, sourceRows: from.tables[name]?.rows, targetRows: to.tables[name]?.rows,
        sourceChecksum: from.tables[name]?.checksum, targetChecksum: to.tables[name]?.checksum)
    }
    let sequences = Set(from.sequences.keys).union(to.sequences.keys).sorted().map { name in
      DataReport.Sequence(name: name, source: from.sequences[name], target: to.sequences[name])
    }
    var problems = from.catalog.notCopied
    for name in names where from.tables[name] == nil { problems.append("table \(name) exists only on the target") }
    for name in names where to.tables[name] == nil { problems.append("table \(name) is missing on the target") }
    return DataReport(
      seconds: Date().timeIntervalSince(started), bytes: from.catalog.totalBytes, tables: tables, sequences: sequences, problems: problems)
  }

  /// One server as of one snapshot: the session holding it, its catalog and its sequences.
  private struct View: Sendable {
    var holder: any PostgresConnection
    var snapshot: String
    var catalog: DatabaseCatalog
    var sequences: [TableName: String]
  }

  private struct Side: Sendable {
    var catalog: DatabaseCatalog
    var tables: [TableName: TableChecksum]
    var sequences: [TableName: String]
  }

  /// Opens a snapshot on `endpoint` and reads its catalog and every sequence's state in it.
  private func open(_ endpoint: PostgresEndpoint) async throws -> View {
    let connector = connector
    let holder: any PostgresConnection
    do {
      holder = try await BlockingWork.run { try connector.connect(to: endpoint, applicationName: "landfall-verify") }
    } catch let error as PostgresError {
      throw DataCopyError.postgres(error)
    }
    do {
      return try await BlockingWork.run {
        try holder.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; " + TableChecksum.sessionSettings)
        let snapshot = try holder.query("SELECT pg_catalog.pg_export_snapshot()").first?[0] ?? ""
        let catalog = try DatabaseCatalog.read(holder)
        var sequences: [TableName: String] = [:]
        for sequence in catalog.sequences { sequences[sequence] = try TableChecksum.sequenceState(sequence, on: holder) }
        return View(holder: holder, snapshot: snapshot, catalog: catalog, sequences: sequences)
      }
    } catch {
      holder.close()
      throw error
    }
  }

  /// Every table's checksum in `view`'s snapshot, biggest tables first, on `jobs` sessions.
  private func measure(_ view: View, endpoint: PostgresEndpoint, rowHash: TableChecksum.RowHash, jobs: Int) async throws -> Side {
    let connector = connector
    let queue = WorkQueue(view.catalog.tables.sorted { $0.bytes > $1.bytes }.map(\.name))
    let results = Locked<[TableName: TableChecksum]>([:])
    try await BlockingWork.parallel(min(jobs, max(1, view.catalog.tables.count))) { index in
      let session = try connector.connect(to: endpoint, applicationName: "landfall-verify-\(index)")
      defer { session.close() }
      try session.execute(
        "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT \(SQLText.literal(view.snapshot)); "
          + TableChecksum.sessionSettings)
      while let table = queue.next() {
        let checksum = try TableChecksum.compute(table, on: session, rowHash: rowHash)
        results.update { $0[table] = checksum }
      }
    }
    return Side(catalog: view.catalog, tables: results.current, sequences: view.sequences)
  }
}
