import Foundation
public import LandfallCore
import LandfallModel

/// Keeps a session's vault values in one JSON file, mode 0600 in a 0700 folder, replaced
/// atomically on every change (written beside it, then renamed), like a key file in `~/.ssh`.
public struct LocalVaultBackup: VaultBackup {
  private let path: String

  /// A backup at `path` (normally `<data folder>/vaults/<session>.json`).
  public init(path: String) {
    self.path = path
  }

  public func save(_ entries: [KeptSecret]) throws(VaultBackupError) {
    let directory = (path as NSString).deletingLastPathComponent
    do {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    } catch {
      throw VaultBackupError("cannot create \(directory): \(error.localizedDescription)")
    }
    let body = JSONValue.object([("entries", .array(entries.map { entry in
      .object([
        ("name", .string(entry.name)), ("origin", .string(entry.origin.rawValue)), ("retired", .bool(entry.retired)),
        ("value", .string(entry.secret.withValue { $0 })),
      ])
    }))])
    let temporary = path + ".new"
    unlink(temporary)
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600)
    guard descriptor >= 0 else { throw VaultBackupError("cannot write \(temporary): \(String(cString: strerror(errno)))") }
    var bytes = Array(JSONWriter.string(body).utf8)[...]
    var complete = true
    while !bytes.isEmpty {
      let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
      guard written > 0 else {
        complete = false
        break
      }
      bytes = bytes.dropFirst(written)
    }
    let synced = fsync(descriptor) == 0
    close(descriptor)
    guard complete, synced, rename(temporary, path) == 0 else {
      let reason = String(cString: strerror(errno))
      unlink(temporary)
      throw VaultBackupError("cannot write \(path): \(reason)")
    }
  }

  public func load() throws(VaultBackupError) -> [KeptSecret] {
    let descriptor = open(path, O_RDONLY | O_NOFOLLOW)
    guard descriptor >= 0 else {
      if errno == ENOENT { return [] }
      throw VaultBackupError("cannot read \(path): \(String(cString: strerror(errno)))")
    }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { throw VaultBackupError("\(path) is not a regular file") }
    guard status.st_uid == getuid() else { throw VaultBackupError("\(path) belongs to another user and was not used") }
    guard status.st_mode & 0o077 == 0 else {
      throw VaultBackupError("\(path) can be read by other users (mode \(String(status.st_mode & 0o777, radix: 8))); chmod 600 it, then resume")
    }
    let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: false)
    guard let data = try? handle.readToEnd(), let parsed = try? JSONParser.parse(String(decoding: data, as: UTF8.self)) else {
      throw VaultBackupError("\(path) is damaged and was not used")
    }
    return (parsed["entries"]?.arrayValue ?? []).compactMap { entry in
      guard let name = entry["name"]?.stringValue, name.isVariableName, let value = entry["value"]?.stringValue,
        let origin = entry["origin"]?.stringValue.flatMap(SecretOrigin.init(rawValue:))
      else { return nil }
      return KeptSecret(name: name, secret: Secret(value), origin: origin, retired: entry["retired"]?.boolValue ?? false)
    }
  }
}
