public import LandfallCore
public import LandfallFly

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
