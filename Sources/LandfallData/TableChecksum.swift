import LandfallCore

/// A table's exact row count and content checksum, computed by its own server.
///
/// The checksum is a multiset hash: every row's text form (`row::text`, identical on servers of
/// one major version holding the same values) is hashed to 64 bits, the hashes are summed exactly
/// (PostgreSQL sums bigints in 128 bits), and the count and the sum are hashed once more. Equal
/// tables give equal checksums whatever their rows' physical order, a duplicated or missing row
/// changes the sums, and the server needs no sort and no memory that grows with the table, so big
/// tables are read in one scan rather than in key-ordered chunks.
public struct TableChecksum: Sendable, Equatable {
  public var rows: Int
  public var checksum: String

  /// How each row's text is hashed. Both servers of one comparison use the same.
  enum RowHash: Sendable, Equatable {
    /// `hashtextextended` (PostgreSQL 11 and later), the 64-bit hash that hash partitioning needs
    /// to stay the same from one version to the next: half the cost of md5 per row.
    case hashText
    /// The first 64 bits of md5, for a server older than PostgreSQL 11.
    case md5

    /// The hash every server in `versions` (`server_version_num`) can compute.
    static func common(_ versions: [Int]) -> RowHash {
      versions.allSatisfy { $0 >= 110_000 } ? .hashText : .md5
    }

    /// The SQL expression hashing the row `landfall_row` to a bigint.
    var expression: String {
      switch self {
      case .hashText: return "pg_catalog.hashtextextended(landfall_row::text, 0)"
      case .md5: return "('x' || substr(pg_catalog.md5(landfall_row::text), 1, 16))::bit(64)::bigint"
      }
    }
  }

  /// Settings that make `row::text` the same on both servers, whatever each session defaulted to.
  static let sessionSettings = """
    SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'postgres';
    SET extra_float_digits = 1; SET bytea_output = 'hex'; SET search_path = pg_catalog
    """

  /// Counts and hashes `table` through `connection`, hashing each row with `rowHash`.
  static func compute(_ table: TableName, on connection: any PostgresConnection, rowHash: RowHash) throws -> TableChecksum {
    let sql = """
      SELECT count(*), pg_catalog.md5(count(*)::text || ':' || coalesce(sum(\(rowHash.expression)), 0)::text)
      FROM ONLY \(table.quoted) AS landfall_row
      """
    let row = try connection.query(sql).first
    return TableChecksum(rows: Int(row?[0] ?? "") ?? 0, checksum: row?[1] ?? "")
  }

  /// A sequence's state as text: its last value, and whether `nextval` has returned it yet.
  static func sequenceState(_ sequence: TableName, on connection: any PostgresConnection) throws -> String {
    let row = try connection.query("SELECT last_value, is_called FROM \(sequence.quoted)").first
    let value = row?[0] ?? "?"
    return row?[1] == "t" ? value : "\(value) (not yet used)"
  }
}
