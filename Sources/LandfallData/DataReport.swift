public import LandfallModel

/// The outcome of a copy or a verification, in the JSON shape `landfall data --json` prints.
public struct DataReport: Sendable, Equatable {
  /// One table on both sides; nil where the table is missing on that side.
  public struct Table: Sendable, Equatable {
    public var name: TableName
    public var sourceRows: Int?
    public var targetRows: Int?
    public var sourceChecksum: String?
    public var targetChecksum: String?

    /// Both sides present with equal counts, and equal checksums where both were computed.
    public var match: Bool {
      guard let sourceRows, let targetRows, sourceRows == targetRows else { return false }
      return sourceChecksum == targetChecksum
    }
  }

  /// One sequence on both sides.
  public struct Sequence: Sendable, Equatable {
    public var name: TableName
    public var source: String?
    public var target: String?

    public var match: Bool { source != nil && source == target }
  }

  public var seconds: Double
  public var bytes: Int
  public var tables: [Table]
  public var sequences: [Sequence]
  public var problems: [String]
  /// False when a copy stopped part-way (its tables cannot match yet).
  public var complete: Bool

  /// Creates a report.
  public init(seconds: Double, bytes: Int, tables: [Table], sequences: [Sequence], problems: [String], complete: Bool = true) {
    self.seconds = seconds
    self.bytes = bytes
    self.tables = tables
    self.sequences = sequences
    self.problems = problems
    self.complete = complete
  }

  /// True when the copy is complete and every table and sequence matches.
  public var match: Bool { complete && tables.allSatisfy(\.match) && sequences.allSatisfy(\.match) }

  /// Tables and sequences that differ, by name.
  public var differences: [String] {
    tables.filter { !$0.match }.map(\.name.description) + sequences.filter { !$0.match }.map(\.name.description)
  }

  /// The documented JSON object.
  public var json: JSONValue {
    .object([
      ("match", .bool(match)),
      ("seconds", .double((seconds * 1000).rounded() / 1000)),
      ("bytes", .int(bytes)),
      ("tables", .array(tables.map { table in
        .object([
          ("schema", .string(table.name.schema)), ("name", .string(table.name.name)),
          ("sourceRows", .int(table.sourceRows)), ("targetRows", .int(table.targetRows)),
          ("sourceChecksum", .string(table.sourceChecksum)), ("targetChecksum", .string(table.targetChecksum)),
          ("match", .bool(table.match)),
        ])
      })),
      ("sequences", .array(sequences.map { sequence in
        .object([
          ("name", .string(sequence.name.description)), ("source", .string(sequence.source)),
          ("target", .string(sequence.target)), ("match", .bool(sequence.match)),
        ])
      })),
      ("problems", .strings(problems)),
    ])
  }

  /// A few lines for a person: the verdict, then each difference and problem.
  public var summary: String {
    var lines = [
      match
        ? "match: \(tables.count) tables and \(sequences.count) sequences are equal on both servers"
        : "MISMATCH: \(differences.count) of \(tables.count + sequences.count) tables and sequences differ"
    ]
    for table in tables where !table.match {
      lines.append("  table \(table.name): rows \(Self.text(table.sourceRows)) on the source, \(Self.text(table.targetRows)) on the target"
        + (table.sourceRows == table.targetRows ? ", checksums differ" : ""))
    }
    for sequence in sequences where !sequence.match {
      lines.append("  sequence \(sequence.name): \(sequence.source ?? "missing") on the source, \(sequence.target ?? "missing") on the target")
    }
    lines += problems.map { "  note: \($0)" }
    return lines.joined(separator: "\n")
  }

  private static func text(_ rows: Int?) -> String { rows.map(String.init) ?? "missing" }
}
