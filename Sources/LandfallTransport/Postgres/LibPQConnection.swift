internal import CLibPQ
import Foundation
public import LandfallCore

/// One libpq session. Used by one thread at a time (the engine gives each worker its own).
public final class LibPQConnection: PostgresConnection, @unchecked Sendable {
  private var handle: OpaquePointer?
  private let endpoint: PostgresEndpoint

  init(handle: OpaquePointer, endpoint: PostgresEndpoint) {
    self.handle = handle
    self.endpoint = endpoint
  }

  deinit {
    close()
  }

  public var backendPID: Int32 { handle.map { PQbackendPID($0) } ?? 0 }

  public var serverVersion: Int { handle.map { Int(PQserverVersion($0)) } ?? 0 }

  public func query(_ sql: String, _ parameters: [String?]) throws -> [[String?]] {
    let connection = try open()
    let copies = parameters.map { $0.map { strdup($0) } ?? nil }
    defer { copies.forEach { free($0) } }
    var pointers: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0) } }
    let result = PQexecParams(connection, sql, Int32(parameters.count), nil, &pointers, nil, nil, 0)
    defer { PQclear(result) }
    let status = PQresultStatus(result)
    guard status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK else { throw failure(result) }
    var rows: [[String?]] = []
    let columns = PQnfields(result)
    for row in 0..<PQntuples(result) {
      rows.append((0..<columns).map { column in
        PQgetisnull(result, row, column) == 1 ? nil : String(cString: PQgetvalue(result, row, column))
      })
    }
    return rows
  }

  public func execute(_ script: String) throws {
    let connection = try open()
    guard PQsendQuery(connection, script) == 1 else { throw failure(nil) }
    var firstError: PostgresError?
    while let result = PQgetResult(connection) {
      let status = PQresultStatus(result)
      if status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_EMPTY_QUERY, firstError == nil {
        firstError = failure(result)
      }
      PQclear(result)
    }
    if let firstError { throw firstError }
  }

  public func copyOut(_ sql: String, _ chunk: (UnsafeRawBufferPointer) throws -> Void) throws -> Int {
    let connection = try open()
    try start(sql, expecting: PGRES_COPY_OUT, on: connection)
    var total = 0
    var buffer: UnsafeMutablePointer<CChar>?
    while true {
      let length = PQgetCopyData(connection, &buffer, 0)
      if length > 0, let bytes = buffer {
        defer { PQfreemem(bytes) }
        total += Int(length)
        try chunk(UnsafeRawBufferPointer(start: bytes, count: Int(length)))
      } else if length == -1 {
        try finish(connection)
        return total
      } else {
        throw lost()
      }
    }
  }

  public func beginCopyIn(_ sql: String) throws {
    try start(sql, expecting: PGRES_COPY_IN, on: try open())
  }

  public func putCopyData(_ chunk: UnsafeRawBufferPointer) throws {
    let connection = try open()
    guard let base = chunk.baseAddress, chunk.count > 0 else { return }
    let sent = PQputCopyData(connection, base.assumingMemoryBound(to: CChar.self), Int32(chunk.count))
    guard sent == 1 else { throw lost() }
  }

  public func endCopyIn() throws -> Int {
    let connection = try open()
    guard PQputCopyEnd(connection, nil) == 1 else { throw lost() }
    return try finish(connection)
  }

  public func abortCopyIn(reason: String) {
    guard let connection = handle else { return }
    _ = PQputCopyEnd(connection, reason)
    while let result = PQgetResult(connection) { PQclear(result) }
  }

  public func close() {
    if let connection = handle { PQfinish(connection) }
    handle = nil
  }

  private func open() throws -> OpaquePointer {
    guard let connection = handle, PQstatus(connection) == CONNECTION_OK else { throw lost() }
    return connection
  }

  private func start(_ sql: String, expecting expected: ExecStatusType, on connection: OpaquePointer) throws {
    let result = PQexec(connection, sql)
    defer { PQclear(result) }
    guard PQresultStatus(result) == expected else {
      if PQstatus(connection) != CONNECTION_OK { throw lost() }
      throw failure(result)
    }
  }

  @discardableResult
  private func finish(_ connection: OpaquePointer) throws -> Int {
    var rows = 0
    var firstError: PostgresError?
    while let result = PQgetResult(connection) {
      if PQresultStatus(result) == PGRES_COMMAND_OK {
        rows = Int(String(cString: PQcmdTuples(result))) ?? 0
      } else if firstError == nil {
        firstError = PQstatus(connection) == CONNECTION_OK ? failure(result) : lost()
      }
      PQclear(result)
    }
    if let firstError { throw firstError }
    return rows
  }

  private func failure(_ result: OpaquePointer?) -> PostgresError {
    guard let result else { return lost() }
    if let connection = handle, PQstatus(connection) != CONNECTION_OK { return lost() }
    let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) } ?? "?????"
    let message = Self.trimmed(PQresultErrorMessage(result))
    if state.hasPrefix("57P") || state.hasPrefix("08") {
      return .connectionLost(server: endpoint.server, reason: endpoint.redact(message))
    }
    return .statementFailed(server: endpoint.server, sqlState: state, message: endpoint.redact(message))
  }

  private func lost() -> PostgresError {
    let message = handle.map { Self.trimmed(PQerrorMessage($0)) } ?? "the connection is closed"
    return .connectionLost(server: endpoint.server, reason: endpoint.redact(message.isEmpty ? "the server closed the connection" : message))
  }

  static func trimmed(_ message: UnsafePointer<CChar>?) -> String {
    guard let message else { return "" }
    return String(cString: message).split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
  }
}
