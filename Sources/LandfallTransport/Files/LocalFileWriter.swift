import Foundation
public import LandfallCore

/// Writes files to the local disk: a replacement goes through a temporary file and a rename; a
/// creation uses `O_EXCL`, so an existing file is never touched.
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

  public func create(_ bytes: [UInt8], at path: String, mode: Int) throws(FileWriteError) {
    do {
      try FileManager.default.createDirectory(
        atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    } catch {
      throw FileWriteError(path: path, reason: error.localizedDescription)
    }
    let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode_t(mode))
    guard descriptor >= 0 else {
      let reason = errno == EEXIST
        ? "a file is already there; move it away or choose another folder" : String(cString: strerror(errno))
      throw FileWriteError(path: path, reason: reason)
    }
    defer { close(descriptor) }
    fchmod(descriptor, mode_t(mode))
    var rest = bytes[...]
    while !rest.isEmpty {
      let written = rest.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
      guard written > 0 else {
        unlink(path)
        throw FileWriteError(path: path, reason: String(cString: strerror(errno)))
      }
      rest = rest.dropFirst(written)
    }
  }
}
