public import LandfallCore
public import LandfallFly
public import LandfallModel

/// Everything app-specific in a deploy script, read from fly.toml: the names, the HTTP group
/// behind nginx, the health check, the release command and each process group's command.
public struct DeployApp: Sendable, Equatable {
  /// The Fly app name; containers and the nginx upstream are named after it.
  public var name: String
  /// The port the HTTP group listens on inside its container; `nil` when no group serves HTTP.
  public var internalPort: Int?
  /// The process group nginx sends requests to; `nil` for an app of workers only.
  public var httpGroup: String?
  /// The path a new version must answer with 2xx or 3xx before it gets traffic; `nil` when
  /// fly.toml declares no HTTP check (then any answer below 500 at `/` counts).
  public var healthPath: String?
  /// `[deploy] release_command` as words, run once per deploy in a one-off container.
  public var releaseCommand: [String]
  public var groups: [Group]
  /// The env file on the server that every container reads.
  public var envFile: String
  /// Seconds a stopping container has to finish its work (fly.toml `kill_timeout`, else 5).
  public var killTimeoutSeconds: Int
  /// `docker`: one `docker run` per group; `compose`: the Compose project the migration wrote on
  /// the server, started as one project per slot. Apps with several groups land as `compose`.
  public var runtime: Runtime
  /// The Compose file on the server (used when `runtime` is `compose`).
  public var composeFile: String

  /// A process group: its name, the words of its command (empty keeps the image CMD) and the
  /// volumes it mounts.
  public struct Group: Sendable, Equatable {
    public var name: String
    public var command: [String]
    public var mounts: [Inventory.Mount]
    /// Creates a group.
    public init(name: String, command: [String], mounts: [Inventory.Mount] = []) {
      self.name = name
      self.command = command
      self.mounts = mounts
    }
  }

  /// Creates the description of an app; `validate` checks it before a script is rendered.
  public init(
    name: String, internalPort: Int?, httpGroup: String?, healthPath: String?, releaseCommand: [String], groups: [Group],
    envFile: String = HostTools.envFile, killTimeoutSeconds: Int = 5, runtime: Runtime = .docker, composeFile: String = ComposeProject.file
  ) {
    self.name = name
    self.internalPort = internalPort
    self.httpGroup = httpGroup
    self.healthPath = healthPath
    self.releaseCommand = releaseCommand
    self.groups = groups
    self.envFile = envFile
    self.killTimeoutSeconds = killTimeoutSeconds
    self.runtime = runtime
    self.composeFile = composeFile
  }

  /// The app a normalised fly.toml describes.
  public init(config: FlyConfig) throws(DeployScriptError) {
    guard let app = config.app, !app.isEmpty else { throw .noAppName }
    var warnings: [String] = []
    let services = InventoryRules.services(config, warnings: &warnings)
    let mounts = InventoryRules.mounts(config, warnings: &warnings)
    let web = services.first { $0.ports.contains { $0.handlers.contains("http") } } ?? services.first { $0.protocol == "tcp" }
    let groups = InventoryRules.processGroups(config)
    let httpGroup = web?.processes.first
    if web != nil, web?.internalPort == nil { throw .noInternalPort }
    let servesWeb: ([String]?) -> Bool = { ($0 ?? [config.defaultGroup]).contains(httpGroup ?? "") }
    let serviceChecks = ([config.httpService].compactMap { $0 } + config.services).filter { servesWeb($0.processes) }.flatMap(\.httpCheckPaths)
    let topLevelChecks = config.checks.filter { $0.type == "http" && servesWeb($0.processes) }.compactMap(\.path)
    let checkPaths = serviceChecks + topLevelChecks
    self.init(
      name: app, internalPort: web?.internalPort, httpGroup: httpGroup, healthPath: httpGroup == nil ? nil : checkPaths.first,
      releaseCommand: config.releaseCommand.map(ShellWords.split) ?? [],
      groups: groups.map { group in
        Group(name: group.name, command: group.command.map(ShellWords.split) ?? [], mounts: mounts.filter { $0.processes.contains(group.name) })
      },
      killTimeoutSeconds: config.killTimeout.flatMap { Int($0.filter(\.isNumber)) } ?? 5, runtime: groups.count > 1 ? .compose : .docker)
  }

  /// Reads fly.toml (or the config `configOverride` names) in `appDirectory`.
  public static func read(appDirectory: String, configOverride: String? = nil, files: any FileSource) throws(DeployScriptError) -> DeployApp {
    do {
      let loaded = try FlyConfigLoader(files: files).load(appDirectory: appDirectory, configOverride: configOverride)
      let build = loaded.config.build
      if let image = build.image, build.dockerfile == nil, files.kind(at: Path.join(appDirectory, "Dockerfile")) == nil {
        throw DeployScriptError.prebuiltImage(image)
      }
      return try DeployApp(config: loaded.config)
    } catch let error as DeployScriptError {
      throw error
    } catch {
      throw .config(String(describing: error))
    }
  }

  /// The Docker image repository: the app name in the characters an image name allows.
  public var imageName: String {
    String(name.lowercased().map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "-" })
  }

  /// The Compose project the migration started (`host_run_compose`); deploys add `-a` or `-b`.
  public var composeProject: String { AppBlueprint.label(name) }

  /// Refuses what the script could not run safely: unusual group names, paths, ports or commands.
  public func validate() throws(DeployScriptError) {
    let nameCharacters: (Character) -> Bool = { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    guard !name.isEmpty, name.allSatisfy({ nameCharacters($0) || $0 == "." }) else { throw .badValue("app name '\(name)'", "letters, digits, '.', '-' and '_'") }
    guard !groups.isEmpty else { throw .badValue("process groups", "at least one group") }
    for group in groups where group.name.isEmpty || !group.name.allSatisfy(nameCharacters) {
      throw .badValue("process group '\(group.name)'", "letters, digits, '-' and '_'")
    }
    if let httpGroup {
      guard groups.contains(where: { $0.name == httpGroup }) else { throw .badValue("the HTTP group '\(httpGroup)'", "one of the process groups") }
      guard let internalPort, (1...65535).contains(internalPort) else { throw .noInternalPort }
    }
    if let healthPath, !healthPath.hasPrefix("/") || healthPath.contains(where: \.isWhitespace) {
      throw .badValue("health check path '\(healthPath)'", "a path starting with / and without spaces")
    }
    guard runtime != .kubernetes else { throw .badValue("the Kubernetes runtime", "kube_apply for a cluster; the deploy script runs docker or Compose on one server") }
    let paths = [envFile, composeFile] + groups.flatMap(\.mounts).map(\.destination)
    for path in paths where !path.hasPrefix("/") || path.contains(where: { $0.isNewline || $0 == ":" }) {
      throw .badValue("path '\(path)'", "an absolute path without ':' or line breaks")
    }
    for word in releaseCommand + groups.flatMap(\.command) where word.contains(where: \.isNewline) {
      throw .badValue("command word '\(word)'", "no line breaks")
    }
  }
}

/// Why a deploy script cannot be made for an app.
public enum DeployScriptError: Error, Sendable, Equatable, CustomStringConvertible {
  case noAppName
  case noInternalPort
  case config(String)
  case badValue(String, String)
  case prebuiltImage(String)

  public var description: String {
    switch self {
    case .noAppName: return "fly.toml has no app name; add `app = \"NAME\"` at the top so containers and nginx can be named after it"
    case .noInternalPort: return "the HTTP service in fly.toml has no internal_port; add the port the app listens on"
    case .config(let reason): return reason
    case .badValue(let what, let expected): return "\(what) cannot go into a deploy script: use \(expected)"
    case .prebuiltImage(let image):
      return "fly.toml deploys the prebuilt image \(image) and the repository has no Dockerfile; the deploy script builds the image on the server from the repository, so add a Dockerfile first"
    }
  }
}
