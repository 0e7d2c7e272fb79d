public import LandfallCore
public import LandfallFly
import LandfallModel

/// How the data tools reach Fly Postgres: `flyctl proxy LOCAL:5432 -a PGAPP` runs in the
/// background while a tool works and is stopped when it returns. The source URL keeps its user,
/// password and database; its host and port become the proxy's.
public struct FlyPostgresProxy: Sendable {
  public var launcher: any ProgramLauncher
  public var flyctl: FlyctlLocation

  /// A proxy source running the flyctl at `flyctl`.
  public init(launcher: any ProgramLauncher, flyctl: FlyctlLocation) {
    self.launcher = launcher
    self.flyctl = flyctl
  }

  /// The argument that sends a tool's source URL through the proxy.
  static let argument: (String, JSONValue) = (
    "source_fly_app", Schema.string("the Fly Postgres app to reach through flyctl proxy (the source URL's host and port are then ignored)")
  )

  /// Runs `body` with `endpoint`, moved onto a proxy when `arguments` name a Fly app.
  static func reaching<T: Sendable>(
    _ endpoint: PostgresEndpoint, _ arguments: JSONValue, with proxy: FlyPostgresProxy?,
    _ body: (PostgresEndpoint) async throws(ToolFailure) -> T
  ) async throws(ToolFailure) -> T {
    guard let app = arguments["source_fly_app"]?.stringValue else { return try await body(endpoint) }
    guard app.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }), !app.isEmpty else {
      throw .invalidArguments("source_fly_app must be a Fly app name (letters, digits, -)")
    }
    guard let proxy else { throw .unavailable("flyctl proxy is not available in this session; give a URL this machine can reach") }
    let program: any BackgroundProgram
    let port: Int
    do {
      port = try proxy.launcher.freeLocalPort()
      let request = CommandRequest(
        executable: proxy.flyctl.executable, arguments: proxy.flyctl.prefixArguments + ["proxy", "\(port):5432", "-a", app],
        timeout: .seconds(30))
      program = try await proxy.launcher.launch(request, listeningOn: port)
    } catch {
      if case .notFound = error { throw .unavailable("flyctl is not installed: \(error.description)") }
      throw .failed("flyctl proxy to \(app) did not start: \(error.description)")
    }
    return try await LocalRoute.run(endpoint, localPort: port, close: { await program.stop() }, body)
  }
}

/// An endpoint moved onto a local port for the length of one call.
enum LocalRoute {
  static func run<T: Sendable>(
    _ endpoint: PostgresEndpoint, localPort: Int, close: () async -> Void, _ body: (PostgresEndpoint) async throws(ToolFailure) -> T
  ) async throws(ToolFailure) -> T {
    var local = endpoint
    local.host = "127.0.0.1"
    local.port = localPort
    do {
      let result = try await body(local)
      await close()
      return result
    } catch {
      await close()
      throw error
    }
  }
}

extension DataToolSettings {
  /// Runs `body` with the source moved onto a Fly proxy and the target onto a VM tunnel, as the
  /// call's arguments ask.
  func reaching<T: Sendable>(
    _ source: PostgresEndpoint, _ target: PostgresEndpoint?, _ arguments: JSONValue,
    _ body: (PostgresEndpoint, PostgresEndpoint?) async throws(ToolFailure) -> T
  ) async throws(ToolFailure) -> T {
    try Self.passwordsStayHome(source, routed: arguments["source_fly_app"] != nil, key: "source_url")
    if let target { try Self.passwordsStayHome(target, routed: arguments["target_on_vm"]?.boolValue == true, key: "target_url") }
    return try await FlyPostgresProxy.reaching(source, arguments, with: flyProxy) { source throws(ToolFailure) in
      guard let target else { return try await body(source, nil) }
      return try await VMDatabaseTunnel.reaching(target, arguments, with: vmTunnel) { target throws(ToolFailure) in
        try await body(source, target)
      }
    }
  }
}

extension DataToolSettings {
  /// A URL holding a password (a secret from the vault, once substituted) is used only where the
  /// person's own servers are: through `flyctl proxy` to their Fly app, through the SSH tunnel to
  /// their VM, or on this machine's loopback. A password is never sent to a host the model named.
  static func passwordsStayHome(_ endpoint: PostgresEndpoint, routed: Bool, key: String) throws(ToolFailure) {
    guard let password = endpoint.password, !password.isEmpty, !routed else { return }
    guard !endpoint.isLoopback else { return }
    throw .invalidArguments(
      "\(key) carries a password to \(endpoint.host), a host Landfall cannot vouch for; reach Fly Postgres with source_fly_app, the VM's database with target_on_vm, or a server on this machine's loopback")
  }

  /// The copy's target is the person's own: the VM's database through the tunnel, or a server on
  /// this machine's loopback. Rows are never written to a host the model named, password or not.
  static func dataStaysHome(_ target: PostgresEndpoint, onVM: Bool) throws(ToolFailure) {
    guard !onVM, !target.isLoopback else { return }
    throw .invalidArguments(
      "target_url names \(target.host): data is copied only into the VM's database (target_on_vm=true) or a server on this machine's loopback, never to another host")
  }

  /// Where a call's secret handles sit, judged before they are filled in: a database URL may be
  /// one handle as a whole (a URL the person or Fly gave), or hold handles in its password only,
  /// never in the user, host, database or options a server would see or echo.
  static func misplacedSecrets(in arguments: JSONValue) -> String? {
    for key in ["source_url", "target_url"] {
      guard let text = arguments[key]?.stringValue else { continue }
      let names = SecretHandle.names(in: text)
      guard !names.isEmpty, !(names.count == 1 && text == SecretHandle.handle(names[0])) else { continue }
      let placement = "\(key): a secret may be the whole URL or the whole password (user:{{secret:NAME}}@host), nowhere else (user, host, database and options are sent as they are and may be echoed back)"
      guard let parsed = try? PostgresEndpoint(url: text) else { return placement }
      let visible = [parsed.user, parsed.host, parsed.database] + parsed.options.map { $0.key + "=" + $0.value }
      let wholePassword = names.count == 1 && parsed.password == SecretHandle.handle(names[0]) && SecretHandle.isWholeURLPassword(names[0], in: text)
      if !wholePassword || visible.contains(where: { $0.contains("{{") || $0.contains("}}") }) { return placement }
    }
    return nil
  }
}
