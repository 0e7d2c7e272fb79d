import Foundation
public import LandfallCore
public import LandfallModel

/// Writes private keys to `<directory>/landfall-<name>` with mode 0600, in a 0700 directory.
///
/// A key file is created, never overwritten: a name whose file exists is an error that says so.
public struct LocalPrivateKeyStore: PrivateKeyStore {
  private let directory: String

  /// A store under `directory` (normally `~/.ssh`).
  public init(directory: String) {
    self.directory = directory
  }

  public func save(name: String, key: Secret) async throws(ToolFailure) -> String {
    let safe = String(name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" })
    let path = directory + "/landfall-" + safe
    do {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    } catch {
      throw .failed("cannot create \(directory) for the private key: \(error.localizedDescription)")
    }
    let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600)
    guard descriptor >= 0 else {
      if errno == EEXIST {
        throw .failed("a key file already exists at \(path) and Landfall never overwrites one; use another key name, or remove the file yourself if it is no longer needed")
      }
      throw .failed("cannot save the private key to \(path): \(String(cString: strerror(errno)))")
    }
    defer { close(descriptor) }
    fchmod(descriptor, 0o600)
    let complete = key.withValue { text in
      var bytes = Array(text.utf8)[...]
      while !bytes.isEmpty {
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written > 0 else { return false }
        bytes = bytes.dropFirst(written)
      }
      return true
    }
    guard complete else {
      unlink(path)
      throw .failed("cannot write the private key to \(path): \(String(cString: strerror(errno)))")
    }
    return path
  }
}
