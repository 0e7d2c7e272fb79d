public import LandfallCore
public import LandfallModel
import Glibc

/// A session as listed by `landfall transcripts list`.
public struct TranscriptSession: Sendable, Equatable {
  public var id: String
  public var startedAt: String
  public var title: String
  public var events: Int
}

/// Transcripts in SQLite: one database, many sessions, events committed one by one.
///
/// WAL journaling; the schema is versioned with `PRAGMA user_version` and migrated forward on
/// open. Event fields are stored as JSON text exactly as exported.
public actor SQLiteTranscriptStore {
  private let database: SQLiteDatabase
  private let now: @Sendable () -> String
  /// Each session's ledger, folded from its events once and then kept up to date.
  private var ledgers: [String: MigrationLedger] = [:]
  /// The last event each cached ledger folded in.
  private var ledgerSeq: [String: Int] = [:]
  private static let migrations: [String] = [
    """
    CREATE TABLE sessions (id TEXT PRIMARY KEY, started_at TEXT NOT NULL, title TEXT NOT NULL);
    CREATE TABLE events (
      session_id TEXT NOT NULL REFERENCES sessions(id), seq INTEGER NOT NULL, at TEXT NOT NULL,
      kind TEXT NOT NULL, fields TEXT NOT NULL, PRIMARY KEY (session_id, seq));
    """,
    "CREATE TABLE session_state (session_id TEXT PRIMARY KEY REFERENCES sessions(id), state TEXT NOT NULL);",
  ]

  /// Opens (creating and migrating) the store at `path`; `now` gives ISO-8601 timestamps.
  /// `readOnly` (or a file this process may not write) opens it for reading only: sessions can
  /// be listed and exported, nothing is written.
  public init(path: String, readOnly: Bool = false, now: @escaping @Sendable () -> String) async throws(SQLiteError) {
    let readOnly = readOnly || (path != ":memory:" && access(path, F_OK) == 0 && access(path, W_OK) != 0)
    database = try SQLiteDatabase(path: path, readOnly: readOnly)
    self.now = now
    if !readOnly {
      try await database.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;")
    }
    let version = try await database.query("PRAGMA user_version").first?.first
    guard case .integer(let current)? = version else {
      throw SQLiteError(path: path, operation: "migrate", message: "cannot read the schema version")
    }
    if Int(current) > Self.migrations.count {
      throw SQLiteError(
        path: path, operation: "open",
        message: "written by a newer Landfall (schema \(current), this one knows \(Self.migrations.count))")
    }
    if readOnly {
      guard Int(current) == Self.migrations.count else {
        throw SQLiteError(path: path, operation: "open", message: "read-only and written by an older Landfall; open it once where it can be written")
      }
      return
    }
    for (index, migration) in Self.migrations.enumerated() where index >= Int(current) {
      try await database.execute("BEGIN IMMEDIATE")
      let now = try await database.query("PRAGMA user_version").first?.first
      if case .integer(let applied)? = now, Int(applied) > index {
        try await database.execute("COMMIT")
        continue
      }
      try await database.execute("\(migration) PRAGMA user_version = \(index + 1); COMMIT;")
    }
  }

  /// Starts a session and returns its id.
  public func startSession(id: String, title: String) async throws(SQLiteError) {
    try await database.query("INSERT INTO sessions (id, started_at, title) VALUES (?, ?, ?)", [.text(id), .text(now()), .text(title)])
  }

  /// Every session, oldest first, with its event count.
  public func sessions() async throws(SQLiteError) -> [TranscriptSession] {
    let rows = try await database.query(
      "SELECT s.id, s.started_at, s.title, (SELECT count(*) FROM events e WHERE e.session_id = s.id) FROM sessions s ORDER BY s.rowid")
    return rows.map { row in
      TranscriptSession(id: Self.text(row, 0), startedAt: Self.text(row, 1), title: Self.text(row, 2), events: Self.integer(row, 3))
    }
  }

  /// Appends an event to `session`, committed before this returns, together with the session's
  /// ledger when the event changed it.
  public func append(session: String, kind: EventKind, fields: [(key: String, value: JSONValue)]) async throws(SQLiteError) -> TranscriptEvent {
    try await appendAll(session: session, [(kind: kind, fields: fields)])[0]
  }

  /// Appends `events` to `session` in one transaction: all of them are committed, or none.
  public func appendAll(session: String, _ events: [(kind: EventKind, fields: [(key: String, value: JSONValue)])]) async throws(SQLiteError)
    -> [TranscriptEvent]
  {
    try await database.execute("BEGIN IMMEDIATE")
    do {
      var written: [TranscriptEvent] = []
      let next = try await database.query("SELECT coalesce(max(seq), 0) + 1 FROM events WHERE session_id = ?", [.text(session)])
      var seq = Self.integer(next.first ?? [], 0)
      let before = try await ledger(session: session, through: seq - 1)
      var ledger = before
      for event in events {
        let stored = TranscriptEvent(seq: seq, at: now(), kind: event.kind, fields: event.fields)
        try await insert(session: session, stored)
        written.append(stored)
        ledger.apply(stored)
        seq += 1
      }
      if ledger != before {
        try await database.query(
          "INSERT INTO session_state (session_id, state) VALUES (?, ?) ON CONFLICT(session_id) DO UPDATE SET state = excluded.state",
          [.text(session), .text(JSONWriter.string(ledger.json))])
      }
      try await database.execute("COMMIT")
      ledgers[session] = ledger
      ledgerSeq[session] = seq - 1
      return written
    } catch {
      try? await database.execute("ROLLBACK")
      throw error
    }
  }

  /// The ledger of `session` as its events say now.
  public func ledger(session: String) async throws(SQLiteError) -> MigrationLedger {
    let last = try await database.query("SELECT coalesce(max(seq), 0) FROM events WHERE session_id = ?", [.text(session)])
    return try await ledger(session: session, through: Self.integer(last.first ?? [], 0))
  }

  /// The cached ledger when it folded every event up to `seq` (another process may have written
  /// since), else one folded again from the events.
  private func ledger(session: String, through seq: Int) async throws(SQLiteError) -> MigrationLedger {
    if let cached = ledgers[session], ledgerSeq[session] == seq { return cached }
    let folded = MigrationLedger(events: try await events(session: session))
    ledgers[session] = folded
    ledgerSeq[session] = seq
    return folded
  }

  /// The ledger `session_state` holds for `session`, as last written (nil: none yet).
  public func storedLedger(session: String) async throws(SQLiteError) -> JSONValue? {
    let rows = try await database.query("SELECT state FROM session_state WHERE session_id = ?", [.text(session)])
    return rows.first.flatMap { try? JSONParser.parse(Self.text($0, 0)) }
  }

  private func insert(session: String, _ event: TranscriptEvent) async throws(SQLiteError) {
    try await database.query(
      "INSERT INTO events (session_id, seq, at, kind, fields) VALUES (?, ?, ?, ?, ?)",
      [.text(session), .integer(Int64(event.seq)), .text(event.at), .text(event.kind.rawValue),
       .text(JSONWriter.string(.object(event.fields)))])
  }

  /// The events of `session` in order.
  public func events(session: String) async throws(SQLiteError) -> [TranscriptEvent] {
    let rows = try await database.query(
      "SELECT seq, at, kind, fields FROM events WHERE session_id = ? ORDER BY seq", [.text(session)])
    return rows.compactMap { row in
      guard let kind = EventKind(rawValue: Self.text(row, 2)),
        let fields = try? JSONParser.parse(Self.text(row, 3)).objectValue
      else { return nil }
      return TranscriptEvent(seq: Self.integer(row, 0), at: Self.text(row, 1), kind: kind, fields: fields)
    }
  }

  /// The JSONL export of `session`: one event per line.
  public func export(session: String) async throws(SQLiteError) -> String {
    TranscriptEvent.jsonl(try await events(session: session))
  }

  /// Imports a JSONL export as a new session; `export` of it gives back the same lines. When the
  /// text cannot be read, or its events cannot be stored (a repeated `seq`, say), nothing is
  /// imported and the error names the line where it can.
  public func importSession(id: String, title: String, jsonl: String) async throws(InputError) {
    let events = try TranscriptEvent.parse(jsonl: jsonl)
    do {
      try await database.execute("BEGIN IMMEDIATE")
      try await database.query("INSERT INTO sessions (id, started_at, title) VALUES (?, ?, ?)",
        [.text(id), .text(events.first?.at ?? now()), .text(title)])
      for event in events { try await insert(session: id, event) }
      try await database.execute("COMMIT")
    } catch {
      try? await database.execute("ROLLBACK")
      throw InputError(error.description)
    }
  }

  /// An `EventLog` that appends to `session`.
  public nonisolated func log(for session: String) -> SessionEventLog {
    SessionEventLog(store: self, session: session)
  }

  private static func text(_ row: [SQLiteValue], _ index: Int) -> String {
    guard index < row.count, case .text(let value) = row[index] else { return "" }
    return value
  }

  private static func integer(_ row: [SQLiteValue], _ index: Int) -> Int {
    guard index < row.count, case .integer(let value) = row[index] else { return 0 }
    return Int(value)
  }
}

/// The `EventLog` of one session in a `SQLiteTranscriptStore`.
public struct SessionEventLog: EventLog {
  let store: SQLiteTranscriptStore
  public let session: String

  public func append(_ kind: EventKind, _ fields: [(key: String, value: JSONValue)]) async throws(EventLogError) -> TranscriptEvent {
    do {
      return try await store.append(session: session, kind: kind, fields: fields)
    } catch {
      throw EventLogError(error.description)
    }
  }

  public func appendAll(_ events: [(kind: EventKind, fields: [(key: String, value: JSONValue)])]) async throws(EventLogError)
    -> [TranscriptEvent]
  {
    do {
      return try await store.appendAll(session: session, events)
    } catch {
      throw EventLogError(error.description)
    }
  }
}
