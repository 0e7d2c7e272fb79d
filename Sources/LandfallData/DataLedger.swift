import Foundation

/// A file listing the tables a copy finished, one `schema.name` a line, so an interrupted copy
/// can resume where it stopped.
public struct DataLedger: Sendable {
  public let path: String

  /// A ledger at `path` (created on the first finished table).
  public init(path: String) {
    self.path = path
  }

  /// The tables recorded so far; empty when the file does not exist.
  public func read() throws -> Set<TableName> {
    guard FileManager.default.fileExists(atPath: path) else { return [] }
    let text = try String(contentsOfFile: path, encoding: .utf8)
    return Set(text.split(separator: "\n").filter { !$0.isEmpty }.map { TableName(parsing: String($0)) })
  }

  /// Records one finished table.
  public func append(_ table: TableName) throws {
    if !FileManager.default.fileExists(atPath: path) {
      _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
    }
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    defer { try? handle.close() }
    try handle.seekToEnd()
    try handle.write(contentsOf: Data((table.description + "\n").utf8))
  }

  /// Deletes the ledger once the copy is complete.
  public func remove() throws {
    try FileManager.default.removeItem(atPath: path)
  }
}
