public import LandfallModel

/// Saves private keys that a tool minted, so that only their path travels on.
///
/// Live: `LocalPrivateKeyStore` (LandfallTransport) writes `~/.ssh/landfall-<name>` with mode 0600.
public protocol PrivateKeyStore: Sendable {
  /// Saves `key` for `name` and returns the file's path.
  func save(name: String, key: Secret) async throws(ToolFailure) -> String
}
