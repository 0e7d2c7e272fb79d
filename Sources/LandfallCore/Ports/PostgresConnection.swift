/// Opens connections to PostgreSQL servers.
///
/// Live: `LibPQConnector` (LandfallTransport). Every call blocks its thread, as libpq does:
/// callers run them on threads of their own, not on the cooperative pool.
public protocol PostgresConnector: Sendable {
  /// Connects to `endpoint`, naming the session `applicationName` on the server.
  func connect(to endpoint: PostgresEndpoint, applicationName: String) throws -> any PostgresConnection
}

/// One open session with a PostgreSQL server, used by one thread at a time.
///
/// Errors thrown are `PostgresError`.
public protocol PostgresConnection: AnyObject, Sendable {
  /// The server process serving this session (`pg_backend_pid()`).
  var backendPID: Int32 { get }

  /// The server's version number, e.g. 150018 for 15.18.
  var serverVersion: Int { get }

  /// Runs one statement with text parameters (`$1`, `$2`, ...) and returns its rows as text.
  func query(_ sql: String, _ parameters: [String?]) throws -> [[String?]]

  /// Runs a script of one or more statements that return no rows worth reading.
  func execute(_ script: String) throws

  /// Runs a `COPY ... TO STDOUT` and hands each chunk the server sends to `chunk`; returns the
  /// bytes received. A chunk's memory is valid only during the call.
  func copyOut(_ sql: String, _ chunk: (UnsafeRawBufferPointer) throws -> Void) throws -> Int

  /// Starts a `COPY ... FROM STDIN`; follow with `putCopyData` and `endCopyIn`.
  func beginCopyIn(_ sql: String) throws

  /// Sends one chunk of a running `COPY ... FROM STDIN`.
  func putCopyData(_ chunk: UnsafeRawBufferPointer) throws

  /// Ends a running `COPY ... FROM STDIN`; returns the rows the server stored.
  func endCopyIn() throws -> Int

  /// Abandons a running `COPY ... FROM STDIN` so the server rolls it back.
  func abortCopyIn(reason: String)

  /// Closes the session; later calls fail.
  func close()
}

extension PostgresConnection {
  /// Runs one statement without parameters and returns its rows as text.
  public func query(_ sql: String) throws -> [[String?]] { try query(sql, []) }
}

/// What went wrong talking to PostgreSQL. Messages never contain the password.
public enum PostgresError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The server could not be reached or refused the login.
  case unreachable(server: String, reason: String)
  /// A statement failed on the server.
  case statementFailed(server: String, sqlState: String, message: String)
  /// The session ended while in use (the server went away or terminated it).
  case connectionLost(server: String, reason: String)
  /// A connection URL that cannot be used.
  case invalidURL(String)

  public var description: String {
    switch self {
    case .unreachable(let server, let reason):
      return "cannot reach PostgreSQL at \(server): \(reason); check the address, that the server runs and accepts this user"
    case .statementFailed(let server, let state, let message):
      return "PostgreSQL at \(server) refused a statement (\(state)): \(message)"
    case .connectionLost(let server, let reason):
      return "the connection to PostgreSQL at \(server) was lost: \(reason); run the command again to resume"
    case .invalidURL(let reason):
      return "invalid PostgreSQL URL: \(reason); expected postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE"
    }
  }

  /// True when the session is gone and a fresh connection may succeed.
  public var isConnectionLoss: Bool {
    switch self {
    case .connectionLost, .unreachable: return true
    case .statementFailed(_, let state, _): return state.hasPrefix("57P") || state.hasPrefix("08")
    case .invalidURL: return false
    }
  }
}
