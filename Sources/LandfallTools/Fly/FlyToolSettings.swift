public import LandfallCore
public import LandfallFly
internal import LandfallModel

/// What the Fly tools act on: the app, its directory, and how to reach flyctl and the files.
public struct FlyToolSettings: Sendable {
  public var app: String?
  public var appDirectory: String
  public var flyctl: FlyctlClient
  public var files: any FileSource

  /// Creates settings.
  public init(app: String?, appDirectory: String, flyctl: FlyctlClient, files: any FileSource) {
    self.app = app
    self.appDirectory = appDirectory
    self.flyctl = flyctl
    self.files = files
  }

  func requireApp() throws(ToolFailure) -> String {
    guard let app else {
      throw .invalidArguments("no Fly app name is known; give one with --fly-app or an app field in fly.toml")
    }
    return app
  }

  /// The inventory, landing where the call's `target` argument asks (`vm`, `kubernetes`, or absent).
  func inventory(_ arguments: JSONValue) async throws(ToolFailure) -> Inventory {
    let requested: LandingTarget?
    switch arguments["target"]?.stringValue {
    case nil: requested = nil
    case let text?:
      guard let target = LandingTarget(rawValue: text), target != .database else {
        throw .invalidArguments("target must be vm or kubernetes")
      }
      requested = target
    }
    let builder = InventoryBuilder(files: files, survey: FlyAppSurvey(flyctl: flyctl))
    do {
      return try await builder.build(appDirectory: appDirectory, flyApp: app, requestedTarget: requested)
    } catch {
      throw .failed(error.description)
    }
  }

  /// The `target` argument of the tools that decide the landing.
  static let targetArgument: (String, JSONValue) = (
    "target", Schema.enumeration(["vm", "kubernetes"], "only when the person asked: vm or kubernetes")
  )

  func flyctl(_ arguments: [String]) async throws(ToolFailure) -> String {
    do {
      return try await flyctl.run(arguments, app: app)
    } catch {
      switch error {
      case .notInstalled: throw .unavailable(error.description)
      default: throw .failed(error.description)
      }
    }
  }
}
