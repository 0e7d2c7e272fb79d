import Foundation
public import LandfallCore

/// Writes files on this machine; an existing file is never replaced.
public struct LocalFileWriter: FileWriter {
  /// A writer.
  public init() {}

  public func write(_ bytes: [UInt8], to path: String, mode: Int) throws(FileSourceError) {
    let manager = FileManager.default
    guard !manager.fileExists(atPath: path) else {
      throw .unreadable(path: path, reason: "a file is already there; move it away or choose another folder")
    }
    do {
      try manager.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      guard manager.createFile(atPath: path, contents: Data(bytes), attributes: [.posixPermissions: mode]) else {
        throw FileSourceError.unreadable(path: path, reason: "cannot be created")
      }
    } catch let error as FileSourceError {
      throw error
    } catch {
      throw .unreadable(path: path, reason: error.localizedDescription)
    }
  }
}
