public import LandfallCore

/// What one database holds that a copy moves or must mention, read from its system catalogs.
public struct DatabaseCatalog: Sendable {
  /// One ordinary table (or leaf partition) with the user's rows.
  public struct Table: Sendable, Hashable {
    public var name: TableName
    /// `pg_table_size`: heap and TOAST bytes, without indexes.
    public var bytes: Int
    /// The planner's row estimate (`reltuples`), -1 when never analysed.
    public var estimatedRows: Int
  }

  /// An installed extension.
  public struct Extension: Sendable, Hashable {
    public var name: String
    public var version: String
  }

  public var tables: [Table]
  public var sequences: [TableName]
  public var extensions: [Extension]
  public var largeObjects: Int
  public var foreignTables: [TableName]
  public var serverVersion: Int

  private static let userRelations = """
    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'
      AND n.nspname NOT LIKE 'pg\\_temp\\_%'
      AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
        WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
    """

  /// Reads the catalog through `connection` (inside its current transaction, if any).
  public static func read(_ connection: any PostgresConnection) throws -> DatabaseCatalog {
    let tableRows = try connection.query("""
      SELECT n.nspname, c.relname, pg_catalog.pg_table_size(c.oid), c.reltuples::bigint
      \(userRelations) AND c.relkind = 'r' ORDER BY 1, 2
      """)
    let tables = tableRows.map { row in
      Table(
        name: TableName(schema: row[0] ?? "", name: row[1] ?? ""), bytes: Int(row[2] ?? "") ?? 0,
        estimatedRows: Int(row[3] ?? "") ?? -1)
    }
    return DatabaseCatalog(
      tables: tables, sequences: try names(connection, kind: "S"),
      extensions: try connection.query(
        "SELECT extname, extversion FROM pg_catalog.pg_extension WHERE extname <> 'plpgsql' ORDER BY 1"
      ).map { Extension(name: $0[0] ?? "", version: $0[1] ?? "") },
      largeObjects: Int(try connection.query("SELECT count(*) FROM pg_catalog.pg_largeobject_metadata").first?[0] ?? "") ?? 0,
      foreignTables: try names(connection, kind: "f"), serverVersion: connection.serverVersion)
  }

  private static func names(_ connection: any PostgresConnection, kind: String) throws -> [TableName] {
    try connection.query("SELECT n.nspname, c.relname \(userRelations) AND c.relkind = $1 ORDER BY 1, 2", [kind])
      .map { TableName(schema: $0[0] ?? "", name: $0[1] ?? "") }
  }

  /// Total table bytes, the yardstick for progress.
  public var totalBytes: Int { tables.reduce(0) { $0 + $1.bytes } }

  /// Things a copy does not carry as rows, for the report: never skipped silently.
  public var notCopied: [String] {
    var notes: [String] = []
    if largeObjects > 0 {
      notes.append("\(largeObjects) large objects (pg_largeobject) are not copied: their contents stay on the source")
    }
    for table in foreignTables {
      notes.append("foreign table \(table) is recreated but its rows live on another server and are not copied")
    }
    for item in extensions {
      notes.append("extension \(item.name) \(item.version) is created on the target from the target's own packages; rows its configuration tables hold are not copied")
    }
    return notes
  }
}
