public import LandfallCore

/// Why a copy or verification stopped, each saying what to do next.
public enum DataCopyError: Error, Sendable, CustomStringConvertible {
  /// The target already holds tables and the person did not approve replacing them.
  case targetNotEmpty(database: String, tables: [String])
  /// The target runs an older major version than the source.
  case targetOlder(source: Int, target: Int)
  /// pg_dump failed.
  case schemaDumpFailed(section: String, message: String)
  /// The target refused part of the schema.
  case schemaRestoreFailed(section: String, message: String)
  /// A program Landfall needs is not installed.
  case toolMissing(String)
  /// A server could not be reached or failed.
  case postgres(PostgresError)

  public var description: String {
    switch self {
    case .targetNotEmpty(let database, let tables):
      let shown = tables.prefix(5).joined(separator: ", ") + (tables.count > 5 ? ", ..." : "")
      return "the target database \(database) already holds \(tables.count) tables (\(shown)); pass --replace to drop everything in it first, or choose an empty database"
    case .targetOlder(let source, let target):
      return "the target runs PostgreSQL \(target / 10000), older than the source's \(source / 10000); install PostgreSQL \(source / 10000) or newer on the target"
    case .schemaDumpFailed(let section, let message):
      return "pg_dump could not read the \(section) schema: \(message)"
    case .schemaRestoreFailed(let section, let message):
      return "the target refused the \(section) schema: \(message)"
    case .toolMissing(let message):
      return message
    case .postgres(let error):
      return error.description
    }
  }

  /// The connection error behind this one, if any (unreachable servers exit differently).
  public var postgresError: PostgresError? {
    if case .postgres(let error) = self { return error }
    return nil
  }
}
