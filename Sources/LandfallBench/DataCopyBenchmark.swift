import Foundation
internal import LandfallFakes

/// `landfall data copy` against pg_dump/pg_restore, end to end from a generated source database
/// to a fresh target database with its indexes, on two clusters started on loopback.
public struct DataCopyBenchmark {
  /// One way of moving the database, with its measured runs.
  public struct Row: Sendable {
    public var method: String
    public var seconds: [Double]
    /// Peak resident memory of the process doing the work (Landfall or pg_restore), in MB.
    public var peakMB: Double

    /// The median of the runs.
    public var median: Double { seconds.sorted()[seconds.count / 2] }
  }

  /// The size actually generated and the rows per method.
  public struct Figures: Sendable {
    public var tables: Int
    public var sourceMB: Double
    public var rows: [Row]
  }

  private let landfall: String

  /// A benchmark running the `landfall` executable at `landfall` for its own figures.
  public init(landfall: String) {
    self.landfall = landfall
  }

  /// Generates about `megabytes` of tables (with indexes) and copies them `rounds` times each way.
  public func run(megabytes: Int, tables: Int, rounds: Int, jobs: Int, log: (String) -> Void) throws -> Figures {
    let settings = ["fsync": "off", "full_page_writes": "off", "shared_buffers": "256MB", "max_wal_size": "4GB"]
    let source = try LoopbackPostgresCluster(settings: settings)
    let target = try LoopbackPostgresCluster(settings: settings)
    defer {
      source.stop()
      target.stop()
    }
    try source.createDatabase("bench")
    log("generating \(megabytes) MB in \(tables) tables")
    try source.psql("bench", Self.generator(megabytes: megabytes, tables: tables))
    let sourceMB = (Double(try source.psql("bench", "SELECT sum(pg_table_size(oid)) FROM pg_class WHERE relname LIKE 'data\\_%' AND relkind = 'r'")) ?? 0) / 1e6
    let bin = source.binaries
    let from = "-h 127.0.0.1 -p \(source.port) -U postgres -d bench"
    let methods: [(String, (String) -> [String])] = [
      ("landfall copy", { db in [landfall, "data", "copy", "--from", source.url("bench"), "--to", target.url(db), "--jobs", String(jobs), "--no-verify"] }),
      ("landfall copy + verify", { db in [landfall, "data", "copy", "--from", source.url("bench"), "--to", target.url(db), "--jobs", String(jobs)] }),
      ("pg_dump -Fc | pg_restore", { db in
        ["/bin/sh", "-c", "\(bin)/pg_dump \(from) -Fc | \(bin)/pg_restore -h 127.0.0.1 -p \(target.port) -U postgres --no-owner -d \(db)"]
      }),
      ("pg_dump -Fd -j2 + pg_restore -j2", { db in
        let folder = target.directory + "-dump-" + db
        return ["/bin/sh", "-c", "\(bin)/pg_dump \(from) -Fd -j 2 -f \(folder) && \(bin)/pg_restore -h 127.0.0.1 -p \(target.port) -U postgres --no-owner -j 2 -d \(db) \(folder); status=$?; rm -rf \(folder); exit $status"]
      }),
    ]
    let verifier = { (db: String) in [landfall, "data", "verify", "--from", source.url("bench"), "--to", target.url(db), "--jobs", String(jobs)] }
    var rows = methods.map { Row(method: $0.0, seconds: [], peakMB: 0) }
    var serial = 0
    for round in 1...rounds {
      for (index, method) in methods.enumerated() {
        serial += 1
        let database = "copy_\(serial)"
        try target.createDatabase(database)
        let run = try Self.timed(method.1(database))
        guard run.status == 0 else { throw DataCopyBenchmarkError(description: "\(method.0) failed (exit \(run.status))") }
        rows[index].seconds.append(run.seconds)
        rows[index].peakMB = max(rows[index].peakMB, run.peakMB)
        log("round \(round): \(method.0) \(String(format: "%.1f", run.seconds)) s, peak \(String(format: "%.0f", run.peakMB)) MB")
        try Self.requireUsable(database, on: target, like: source, verify: round == 1 ? verifier(database) : nil, method: method.0)
        try target.psql("postgres", "DROP DATABASE \(database)")
      }
    }
    return Figures(tables: tables, sourceMB: sourceMB, rows: rows)
  }

  /// Fails unless `database` on `target` has as many indexes and constraints as the source and,
  /// when `verify` is given (a `landfall data verify` command line, untimed), the same rows.
  static func requireUsable(
    _ database: String, on target: LoopbackPostgresCluster, like source: LoopbackPostgresCluster, verify: [String]?, method: String
  ) throws {
    let structure = """
      SELECT (SELECT count(*) FROM pg_catalog.pg_indexes WHERE schemaname = 'public') || ' indexes, ' ||
        (SELECT count(*) FROM pg_catalog.pg_constraint c JOIN pg_catalog.pg_namespace n ON n.oid = c.connamespace
          WHERE n.nspname = 'public') || ' constraints'
      """
    let expected = try source.psql("bench", structure)
    let found = try target.psql(database, structure)
    guard found == expected else {
      throw DataCopyBenchmarkError(description: "\(method) left \(found) on the target where the source has \(expected)")
    }
    if let verify, try timed(verify).status != 0 {
      throw DataCopyBenchmarkError(description: "\(method) produced a target whose rows differ from the source (landfall data verify failed)")
    }
  }

  /// SQL creating `tables` tables of about `megabytes` in all, each with a primary key and two
  /// secondary indexes, half of them with a jsonb column.
  static func generator(megabytes: Int, tables: Int) -> String {
    let rowsPerTable = max(1, megabytes * 1_000_000 / tables / 230)
    return (1...tables).map { index in
      let name = "data_\(index)"
      let weight = 1 + index % 3
      return """
        CREATE TABLE \(name) (id bigserial PRIMARY KEY, account int NOT NULL, created timestamptz NOT NULL,
          amount numeric(14, 2), label text, body \(index % 2 == 0 ? "jsonb" : "text"));
        INSERT INTO \(name) (account, created, amount, label, body)
          SELECT i % 9973, timestamptz '2024-01-01' + i * interval '1 second', i * 1.25, 'label ' || md5(i::text),
            \(index % 2 == 0 ? "jsonb_build_object('k', md5((i * 3)::text), 'n', i, 'v', md5((i * 5)::text), 'w', md5((i * 7)::text))" : "repeat(md5(i::text), 4)")
          FROM generate_series(1, \(rowsPerTable * weight * 2 / 4)) AS i;
        CREATE INDEX \(name)_account ON \(name) (account);
        CREATE INDEX \(name)_created ON \(name) (created);
        """
    }.joined(separator: "\n") + "\nVACUUM ANALYZE;"
  }

  /// Runs `command`, returning its exit status, wall time and the peak memory of it or the largest
  /// process it waited for.
  static func timed(_ command: [String]) throws -> (status: Int32, seconds: Double, peakMB: Double) {
    let argv = command.map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    var child: pid_t = 0
    let started = Date()
    let code = posix_spawn(&child, command[0], &actions, nil, argv, environ)
    guard code == 0 else { throw DataCopyBenchmarkError(description: "cannot start \(command[0])") }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(child, &status, 0, &usage) == -1 && errno == EINTR {}
    let seconds = Date().timeIntervalSince(started)
    return (status, seconds, Double(max(usage.ru_maxrss, 0)) / 1024)
  }
}

/// A method that failed during the benchmark.
public struct DataCopyBenchmarkError: Error, CustomStringConvertible {
  public var description: String
}
