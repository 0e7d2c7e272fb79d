import LandfallCore

/// A table's exact row count and content checksum, computed by its own server.
///
/// The checksum is a multiset hash: every row's text form (`row::text`, identical on servers of
/// one major version holding the same values) is hashed with md5, the first 64 bits of each hash
/// are summed exactly (PostgreSQL sums bigints in 128 bits), and the count and the sum are
/// hashed once more. Equal tables give equal checksums whatever their rows' physical order, a duplicated
/// or missing row changes the sums, and the server needs no sort and no memory that grows with
/// the table, so big tables are read in one parallel scan rather than in key-ordered chunks.
public struct TableChecksum: Sendable, Equatable {
  public var rows: Int
  public var checksum: String

  /// Settings that make `row::text` the same on both servers, whatever each session defaulted to.
  static let sessionSettings = """
    SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'postgres';
    SET extra_float_digits = 1; SET bytea_output = 'hex'; SET search_path = pg_catalog
    """

  /// Counts and hashes `table` through `connection`.
  static func compute(_ table: TableName, on connection: any PostgresConnection) throws -> TableChecksum {
    let sql = """
      SELECT count(*), pg_catalog.md5(count(*)::text || ':' ||
        coalesce(sum(('x' || substr(pg_catalog.md5(landfall_row::text), 1, 16))::bit(64)::bigint), 0)::text)
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
