internal import CSQLite3

/// Why a SQLite operation failed: the database path (or `:memory:`), what was being done, and
/// SQLite's own message.
public struct SQLiteError: Error, Sendable, Equatable, CustomStringConvertible {
  public var path: String
  public var operation: String
  public var message: String

  /// An error for `operation` on the database at `path`.
  public init(path: String, operation: String, message: String) {
    self.path = path
    self.operation = operation
    self.message = message
  }

  public var description: String { "\(path): \(operation) failed: \(message)" }
}

/// A value bound to, or read from, a SQL statement.
public enum SQLiteValue: Sendable, Equatable {
  case null
  case integer(Int64)
  case real(Double)
  case text(String)
}

/// A SQLite connection: the only owner of a `sqlite3*` handle in Landfall.
///
/// An actor, so one connection is never used from two threads at once.
public actor SQLiteDatabase {
  private let connection: Connection
  private var handle: OpaquePointer { connection.handle }
  public nonisolated let path: String

  /// Opens (creating if needed) the database at `path`; `":memory:"` gives a private in-memory one.
  /// `readOnly` opens an existing file without ever writing to it (nor to its WAL). A connection
  /// waits up to `busyTimeout` milliseconds for another process's write lock.
  public init(path: String, readOnly: Bool = false, busyTimeout: Int32 = 15_000) throws(SQLiteError) {
    var pointer: OpaquePointer?
    let flags =
      readOnly
      ? SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_FULLMUTEX
      : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX
    let code = sqlite3_open_v2(readOnly ? Self.readOnlyURI(path) : path, &pointer, flags, nil)
    guard code == SQLITE_OK, let pointer else {
      let message = pointer.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
      sqlite3_close(pointer)
      throw SQLiteError(path: path, operation: "open", message: message)
    }
    sqlite3_busy_timeout(pointer, busyTimeout)
    connection = Connection(handle: pointer)
    self.path = path
  }

  /// A `file:` URI opening `path` read-only; `immutable` tells SQLite that nothing else writes
  /// it, so no lock or shared-memory file is needed (a database on read-only storage).
  private static func readOnlyURI(_ path: String) -> String {
    let escaped = path.utf8.map { byte -> String in
      let keep = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
        || byte == UInt8(ascii: "/") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
      return keep ? String(UnicodeScalar(byte)) : "%" + String(byte, radix: 16, uppercase: true).leftPadded(2)
    }.joined()
    return "file:\(escaped)?mode=ro&immutable=1"
  }

  /// Runs one or more statements that return no rows.
  public func execute(_ sql: String) throws(SQLiteError) {
    var errorMessage: UnsafeMutablePointer<CChar>?
    let code = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
    if code != SQLITE_OK {
      let message = errorMessage.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(code))
      sqlite3_free(errorMessage)
      throw SQLiteError(path: path, operation: "execute", message: message)
    }
  }

  /// Runs one statement with `bindings` and returns every row.
  @discardableResult
  public func query(_ sql: String, _ bindings: [SQLiteValue] = []) throws(SQLiteError) -> [[SQLiteValue]] {
    var statement: OpaquePointer?
    guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
      throw failure("prepare")
    }
    defer { sqlite3_finalize(statement) }
    for (offset, value) in bindings.enumerated() {
      let index = Int32(offset + 1)
      let code: Int32
      switch value {
      case .null: code = sqlite3_bind_null(statement, index)
      case .integer(let number): code = sqlite3_bind_int64(statement, index, number)
      case .real(let number): code = sqlite3_bind_double(statement, index, number)
      case .text(let text): code = csqlite3_bind_text_transient(statement, index, text, -1)
      }
      guard code == SQLITE_OK else { throw failure("bind") }
    }
    var rows: [[SQLiteValue]] = []
    while true {
      let code = sqlite3_step(statement)
      if code == SQLITE_DONE { return rows }
      guard code == SQLITE_ROW else { throw failure("step") }
      rows.append((0..<sqlite3_column_count(statement)).map { column(statement, $0) })
    }
  }

  private func column(_ statement: OpaquePointer, _ index: Int32) -> SQLiteValue {
    switch sqlite3_column_type(statement, index) {
    case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, index))
    case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, index))
    case SQLITE_NULL: return .null
    default:
      guard let text = sqlite3_column_text(statement, index) else { return .null }
      return .text(String(cString: text))
    }
  }

  private func failure(_ operation: String) -> SQLiteError {
    SQLiteError(path: path, operation: operation, message: String(cString: sqlite3_errmsg(handle)))
  }

  /// The SQLite library version, e.g. `3.40.1`.
  public static var libraryVersion: String { String(cString: sqlite3_libversion()) }
}

/// Owns the `sqlite3*` and closes it when the last reference goes.
private final class Connection: @unchecked Sendable {
  // Only touched from the owning actor's executor, and in deinit when no one else holds it.
  let handle: OpaquePointer

  init(handle: OpaquePointer) {
    self.handle = handle
  }

  deinit {
    sqlite3_close_v2(handle)
  }
}

extension String {
  fileprivate func leftPadded(_ width: Int) -> String {
    count >= width ? self : String(repeating: "0", count: width - count) + self
  }
}
