import Foundation
public import LandfallCore
public import LandfallModel

/// Writes private keys to `<directory>/landfall-<name>` with mode 0600, in a 0700 directory.
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
      let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
      guard descriptor >= 0 else { throw CocoaError(.fileWriteNoPermission) }
      defer { close(descriptor) }
      fchmod(descriptor, 0o600)
      let written = key.withValue { text in text.withCString { write(descriptor, $0, strlen($0)) } }
      guard written >= 0 else { throw CocoaError(.fileWriteUnknown) }
    } catch {
      throw .failed("cannot save the private key to \(path): \(error.localizedDescription)")
    }
    return path
  }
}
