import LandfallCore

/// One copy worker: a source session inside the shared snapshot and a target session, moving
/// tables one at a time from `COPY ... TO STDOUT` straight into `COPY ... FROM STDIN`.
final class TableCopyWorker: @unchecked Sendable {
  private let connector: any PostgresConnector
  private let source: PostgresEndpoint
  private let target: PostgresEndpoint
  private let snapshot: String
  private let name: String
  private var reader: (any PostgresConnection)?
  private var writer: (any PostgresConnection)?

  /// Bytes handed to the meter at a time, so a table of small rows does not take its lock per row.
  private static let reportEvery = 1 << 20

  init(connector: any PostgresConnector, source: PostgresEndpoint, target: PostgresEndpoint, snapshot: String, name: String) {
    self.connector = connector
    self.source = source
    self.target = target
    self.snapshot = snapshot
    self.name = name
  }

  /// Copies every row of `table` (emptying it on the target first, in the same transaction, so
  /// a table half-copied before is never counted twice); returns the rows the target stored.
  func copy(_ table: TableName, meter: ProgressMeter) throws -> Int {
    let (reader, writer) = try sessions()
    do {
      try writer.execute("BEGIN; TRUNCATE ONLY \(table.quoted)")
      try writer.beginCopyIn("COPY \(table.quoted) FROM STDIN (FORMAT binary, FREEZE)")
      var pending = 0
      _ = try reader.copyOut("COPY \(table.quoted) TO STDOUT (FORMAT binary)") { chunk in
        try writer.putCopyData(chunk)
        pending += chunk.count
        if pending >= Self.reportEvery {
          meter.add(bytes: pending)
          pending = 0
        }
      }
      meter.add(bytes: pending)
      let rows = try writer.endCopyIn()
      try writer.execute("COMMIT")
      return rows
    } catch {
      writer.abortCopyIn(reason: "copy interrupted")
      drop()
      throw error
    }
  }

  /// Closes both sessions.
  func drop() {
    reader?.close()
    writer?.close()
    reader = nil
    writer = nil
  }

  private func sessions() throws -> (any PostgresConnection, any PostgresConnection) {
    if let reader, let writer { return (reader, writer) }
    drop()
    let reader = try connector.connect(to: source, applicationName: name)
    try reader.execute(
      "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT \(SQLText.literal(snapshot))")
    self.reader = reader
    let writer = try connector.connect(to: target, applicationName: name)
    try writer.execute("SET synchronous_commit = off")
    self.writer = writer
    return (reader, writer)
  }
}
