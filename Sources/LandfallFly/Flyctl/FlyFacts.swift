public import LandfallModel

/// What flyctl says about a running app. Each part is `nil` when flyctl could not tell.
public struct FlyFacts: Sendable, Equatable {
  public var regions: [String]?
  /// The app's Machines (helper groups and destroyed Machines left out).
  public var machines: [Inventory.Machine]?
  public var volumes: [Inventory.Volume]?
  public var secretNames: [String]?
  public var groupSizes: [Inventory.VMSize]?
  public var postgresEvidence: [String] = []
  /// The labels of the images the app's Machines run (`image_ref.labels`), merged.
  public var imageLabels: [String: String] = [:]
  public var warnings: [String] = []

  /// Facts with nothing known.
  public init() {}
}
