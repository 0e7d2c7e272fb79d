public import LandfallCore
public import LandfallModel

/// Keeps saved private keys in memory under `<directory>/landfall-<name>`, refusing a name that
/// is already saved the way the live store refuses an existing file.
public actor InMemoryPrivateKeyStore: PrivateKeyStore {
  private let directory: String
  /// The paths saved, in order.
  public private(set) var saved: [String] = []

  /// A store whose paths start with `directory`.
  public init(directory: String) {
    self.directory = directory
  }

  public func save(name: String, key: Secret) async throws(ToolFailure) -> String {
    let path = directory + "/landfall-" + String(name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" })
    guard !saved.contains(path) else {
      throw .failed("a key file already exists at \(path) and Landfall never overwrites one; use another key name")
    }
    saved.append(path)
    return path
  }
}
