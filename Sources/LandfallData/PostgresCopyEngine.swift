import Foundation
public import LandfallCore

/// Copies one PostgreSQL database into another: the schema through pg_dump's pre-data section,
/// every table streamed COPY to COPY by parallel workers sharing one exported snapshot, then
/// indexes and constraints (in parallel where they allow it), then the sequences.
public struct PostgresCopyEngine: Sendable {
  private let connector: any PostgresConnector
  private let dumper: SchemaDumper

  /// An engine connecting with `connector` and reading the schema with `dumper`.
  public init(connector: any PostgresConnector, dumper: SchemaDumper) {
    self.connector = connector
    self.dumper = dumper
  }

  /// Copies `source` into `target`. `progress` is called from worker threads; `tableCopied` as
  /// each table is committed on the target, so a caller can record it for a resume.
  public func copy(
    from source: PostgresEndpoint, to target: PostgresEndpoint, options: DataCopyOptions,
    progress: @escaping @Sendable (CopyProgress) -> Void = { _ in },
    tableCopied: @escaping @Sendable (TableName) -> Void = { _ in }
  ) async throws -> DataCopyResult {
    let holder = try await connect(source, "landfall-snapshot")
    defer { holder.close() }
    let admin = try await connect(target, "landfall-copy")
    defer { admin.close() }
    if admin.serverVersion / 10000 < holder.serverVersion / 10000 {
      throw DataCopyError.targetOlder(source: holder.serverVersion, target: admin.serverVersion)
    }
    let snapshot = try await BlockingWork.run {
      try holder.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
      return try holder.query("SELECT pg_catalog.pg_export_snapshot()").first?[0] ?? ""
    }
    let catalog = try await BlockingWork.run { try DatabaseCatalog.read(holder) }
    var problems = catalog.notCopied
    problems.append("owners and privileges are not copied: every object belongs to \(target.user) on the target")
    let done = options.resumeAfter ?? []
    let pending = catalog.tables.filter { !done.contains($0.name) }.sorted { $0.bytes > $1.bytes }
    let meter = ProgressMeter(tablesTotal: catalog.tables.count, expectedBytes: pending.reduce(0) { $0 + $1.bytes },
      interval: options.progressInterval, observer: progress)
    let started = Date()
    meter.enter("schema")

    if options.resumeAfter == nil {
      try await prepare(target, admin: admin, replace: options.replace)
      let schema = try await dumper.dump(.preData, of: source, snapshot: snapshot)
      try await apply(schema, section: "pre-data", to: target)
    }
    for _ in done { meter.tableDone(rows: 0) }

    meter.enter("data")
    let outcome = try await copyTables(pending.map(\.name), source: source, target: target, snapshot: snapshot, options: options, meter: meter, tableCopied: tableCopied)
    var result = DataCopyResult(
      complete: outcome.failed.isEmpty, seconds: 0, bytes: 0, copied: outcome.copied, failed: outcome.failed, problems: problems)
    for table in Set(outcome.retried).sorted() where outcome.failed[table] == nil {
      result.problems.append("table \(table): the connection dropped part-way, so its partial rows were discarded and it was copied again from the start")
    }
    if outcome.failed.isEmpty {
      meter.enter("indexes")
      let postData = PostDataScript(try await dumper.dump(.postData, of: source, snapshot: snapshot))
      try await build(postData, on: target, jobs: options.jobs)
      meter.enter("sequences")
      try await BlockingWork.run { try Self.copySequences(catalog.sequences, from: holder, to: admin) }
    } else {
      for (table, reason) in outcome.failed.sorted(by: { $0.key < $1.key }) {
        result.problems.append("table \(table) was not copied (\(reason)); indexes, constraints and sequences wait until it is: run the copy again to resume")
      }
    }
    try? await BlockingWork.run { try holder.execute("COMMIT") }
    meter.enter("done")
    result.seconds = Date().timeIntervalSince(started)
    result.bytes = meter.snapshot.bytes
    return result
  }

  private func connect(_ endpoint: PostgresEndpoint, _ name: String) async throws -> any PostgresConnection {
    let connector = connector
    do {
      return try await BlockingWork.run { try connector.connect(to: endpoint, applicationName: name) }
    } catch let error as PostgresError {
      throw DataCopyError.postgres(error)
    }
  }

  /// Refuses a target that holds tables unless replacing was approved; then empties it.
  private func prepare(_ target: PostgresEndpoint, admin: any PostgresConnection, replace: Bool) async throws {
    try await BlockingWork.run {
      let existing = try DatabaseCatalog.read(admin).tables.map(\.name.description)
      let schemas = try admin.query("""
        SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'public')
          AND nspname NOT LIKE 'pg\\_%' ORDER BY 1
        """).compactMap { $0[0] }
      guard !existing.isEmpty || !schemas.isEmpty else { return }
      guard replace else { throw DataCopyError.targetNotEmpty(database: target.database, tables: existing.isEmpty ? schemas : existing) }
      let drops = schemas.map { "DROP SCHEMA \(SQLText.identifier($0)) CASCADE;" }.joined(separator: " ")
      try admin.execute("""
        BEGIN; \(drops) DROP SCHEMA public CASCADE; CREATE SCHEMA public AUTHORIZATION pg_database_owner;
        GRANT USAGE ON SCHEMA public TO PUBLIC; COMMIT
        """)
    }
  }

  private func apply(_ script: String, section: String, to target: PostgresEndpoint) async throws {
    let session = try await connect(target, "landfall-schema")
    defer { session.close() }
    do {
      try await BlockingWork.run { try session.execute(script) }
    } catch let error as PostgresError {
      throw DataCopyError.schemaRestoreFailed(section: section, message: error.description)
    }
  }

  private struct TablesOutcome: Sendable {
    var copied: [DataCopyResult.CopiedTable] = []
    var failed: [TableName: String] = [:]
    /// Tables whose session dropped mid-table and that were copied again from the start.
    var retried: [TableName] = []
  }

  /// Copies `tables` with `options.jobs` workers; a table whose session drops is tried again on
  /// fresh sessions up to `options.attempts` times.
  private func copyTables(
    _ tables: [TableName], source: PostgresEndpoint, target: PostgresEndpoint, snapshot: String,
    options: DataCopyOptions, meter: ProgressMeter, tableCopied: @escaping @Sendable (TableName) -> Void
  ) async throws -> TablesOutcome {
    let queue = WorkQueue(tables.map { ($0, 1) })
    let retries = Locked<[(TableName, Int)]>([])
    let outcome = Locked(TablesOutcome())
    let connector = connector
    try await BlockingWork.parallel(min(options.jobs, max(1, tables.count))) { index in
      let worker = TableCopyWorker(
        connector: connector, source: source, target: target, snapshot: snapshot, name: "landfall-copy-\(index)")
      defer { worker.drop() }
      while let (table, attempt) = queue.next() ?? retries.update({ $0.popLast() }) {
        do {
          let rows = try worker.copy(table, meter: meter)
          meter.tableDone(rows: rows)
          outcome.update { $0.copied.append(.init(name: table, rows: rows)) }
          tableCopied(table)
        } catch let error as PostgresError where error.isConnectionLoss && attempt < options.attempts {
          retries.update { $0.append((table, attempt + 1)) }
          outcome.update { $0.retried.append(table) }
        } catch {
          outcome.update { $0.failed[table] = String(describing: error) }
        }
      }
    }
    return outcome.current
  }

  /// Sort memory for all index builds together: split between the sessions, so that a small VM
  /// building several indexes at once is not pushed out of memory.
  static let indexMemoryMB = 512

  /// Builds indexes and key constraints on `jobs` sessions at once, then the rest in order.
  private func build(_ script: PostDataScript, on target: PostgresEndpoint, jobs: Int) async throws {
    let queue = WorkQueue(script.parallel)
    let connector = connector
    let sessions = min(jobs, max(1, script.parallel.count))
    let memory = max(64, Self.indexMemoryMB / sessions)
    do {
      try await BlockingWork.parallel(sessions) { index in
        let session = try connector.connect(to: target, applicationName: "landfall-index-\(index)")
        defer { session.close() }
        try session.execute(script.preamble + "\nSET maintenance_work_mem = '\(memory)MB';")
        while let entry = queue.next() { try session.execute(entry.sql) }
      }
    } catch let error as PostgresError {
      throw DataCopyError.schemaRestoreFailed(section: "post-data", message: error.description)
    }
    try await apply(script.preamble + "\n" + script.sequential.map(\.sql).joined(separator: "\n"), section: "post-data", to: target)
  }

  /// Sets every sequence on the target to the source's current value.
  static func copySequences(_ sequences: [TableName], from source: any PostgresConnection, to target: any PostgresConnection) throws {
    for sequence in sequences {
      guard let row = try source.query("SELECT last_value, is_called FROM \(sequence.quoted)").first else { continue }
      _ = try target.query("SELECT pg_catalog.setval($1::regclass, $2::bigint, $3::boolean)", [sequence.quoted, row[0], row[1]])
    }
  }
}
