internal import CLibPQ
import Foundation
public import LandfallCore

/// Opens PostgreSQL sessions with libpq (`PQconnectdbParams`): the password travels as a
/// parameter, never inside a string that could be logged.
public struct LibPQConnector: PostgresConnector {
  /// A connector.
  public init() {}

  public func connect(to endpoint: PostgresEndpoint, applicationName: String) throws -> any PostgresConnection {
    var pairs = endpoint.connectionParameters
    pairs.append(("application_name", applicationName))
    if endpoint.options["connect_timeout"] == nil { pairs.append(("connect_timeout", "10")) }
    let keys = pairs.map { strdup($0.key) }
    let values = pairs.map { strdup($0.value) }
    defer {
      keys.forEach { free($0) }
      values.forEach { free($0) }
    }
    var keyPointers: [UnsafePointer<CChar>?] = keys.map { $0.map { UnsafePointer($0) } } + [nil]
    var valuePointers: [UnsafePointer<CChar>?] = values.map { $0.map { UnsafePointer($0) } } + [nil]
    guard let handle = PQconnectdbParams(&keyPointers, &valuePointers, 0) else {
      throw PostgresError.unreachable(server: endpoint.server, reason: "libpq could not allocate a connection")
    }
    guard PQstatus(handle) == CONNECTION_OK else {
      let reason = endpoint.redact(LibPQConnection.trimmed(PQerrorMessage(handle)))
      PQfinish(handle)
      throw PostgresError.unreachable(server: endpoint.server, reason: reason)
    }
    _ = PQsetNoticeProcessor(handle, { _, _ in }, nil)
    return LibPQConnection(handle: handle, endpoint: endpoint)
  }
}
