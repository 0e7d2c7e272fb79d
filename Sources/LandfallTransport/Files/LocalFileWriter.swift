import Foundation
public import LandfallCore

/// Writes files to the local disk: a temporary file beside the target, then a rename.
public struct LocalFileWriter: FileWriter {
  /// A writer for the local disk.
  public init() {}

  public func write(_ text: String, to path: String, executable: Bool) throws(FileWriteError) {
    let url = URL(fileURLWithPath: path)
    let manager = FileManager.default
    do {
      try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(text.utf8).write(to: url, options: .atomic)
      try manager.setAttributes([.posixPermissions: executable ? 0o755 : 0o644], ofItemAtPath: path)
    } catch {
      throw FileWriteError(path: path, reason: error.localizedDescription)
    }
  }
}
