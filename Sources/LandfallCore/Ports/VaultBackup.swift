public import LandfallModel

/// One value a vault keeps across sessions.
public struct KeptSecret: Sendable {
  public var name: String
  public var secret: Secret
  public var origin: SecretOrigin
  /// A value another replaced: no longer usable as a handle, still redacted everywhere.
  public var retired: Bool

  /// An entry.
  public init(name: String, secret: Secret, origin: SecretOrigin, retired: Bool = false) {
    self.name = name
    self.secret = secret
    self.origin = origin
    self.retired = retired
  }
}

/// Keeps the values a session's vault gathered (imported from Fly, minted, typed by the person)
/// where only the person can read them, so a resumed session has them again: once Fly is frozen
/// it no longer serves its secrets, and a minted password exists nowhere else.
public protocol VaultBackup: Sendable {
  /// Replaces what is kept with `entries`.
  func save(_ entries: [KeptSecret]) throws(VaultBackupError)
  /// What is kept (nothing when nothing was saved yet).
  func load() throws(VaultBackupError) -> [KeptSecret]
}

/// Why the vault's values could not be kept or read back.
public struct VaultBackupError: Error, Sendable, Equatable, CustomStringConvertible {
  public var message: String

  /// An error saying `message`.
  public init(_ message: String) {
    self.message = message
  }

  public var description: String { message }
}
