public import LandfallModel

/// What the app's inventory says that the ordering rules depend on: whether it keeps data to
/// verify, whether it declares a release command, and whether it is a database cluster rather
/// than an app to run.
public struct AppProfile: Sendable, Equatable {
  /// The app keeps data (a database or a volume) that is verified before DNS moves.
  public var keepsData: Bool
  /// fly.toml's `[deploy] release_command` is set: it runs once before the app starts.
  public var hasReleaseCommand: Bool
  /// Why the app is a database to dump rather than an app to run (a Fly Postgres cluster).
  public var databaseCluster: String?
  /// fly.toml's `[build] image`, for an app deployed from a published image.
  public var image: String?
  /// The environment variables the app declares (fly.toml `[env]` and its Fly secrets), or `nil`
  /// when no inventory says.
  public var declaredEnvironment: [String]?

  /// A profile; unknown apps keep data, declare no release command, are not databases and name
  /// no image.
  public init(keepsData: Bool = true, hasReleaseCommand: Bool = false, databaseCluster: String? = nil, image: String? = nil) {
    self.keepsData = keepsData
    self.hasReleaseCommand = hasReleaseCommand
    self.databaseCluster = databaseCluster
    self.image = image
  }

  /// The profile of `inventory`; an app with no inventory gets the cautious defaults.
  public init(inventory: Inventory?) {
    guard let inventory else {
      self.init()
      return
    }
    let release = inventory.releaseCommand.map { !$0.allSatisfy(\.isWhitespace) } ?? false
    self.init(keepsData: inventory.keepsData, hasReleaseCommand: release, databaseCluster: inventory.databaseReason, image: inventory.image)
    declaredEnvironment = inventory.envNames + inventory.secretNames
  }
}
