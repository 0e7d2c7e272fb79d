public import LandfallCore
public import LandfallFly
public import LandfallModel

/// What the landing generators (Compose, Kubernetes) need to know about an app: its process
/// groups with their commands, ports, mounts and checks, the release command, the plain
/// settings and the secret names. Built once from the inventory and fly.toml.
public struct AppBlueprint: Sendable, Equatable {
  /// One process group as it will run.
  public struct Group: Sendable, Equatable {
    public var name: String
    /// The command replacing the image CMD, as words; `nil` keeps the image's CMD.
    public var command: [String]?
    public var ports: [Port]
    public var mounts: [Inventory.Mount]
    public var checks: [Check]
    public var memoryMb: Int?
    public var cpus: Int?
    /// How many Machines flyctl showed for the group (0 when unknown).
    public var machineCount: Int

    /// The internal port that serves HTTP, if this group has one.
    public var httpPort: Int? { ports.first { $0.http }?.internalPort }
  }

  /// An internal port of a group and whether Fly's proxy spoke HTTP to it.
  public struct Port: Sendable, Equatable {
    public var internalPort: Int
    public var `protocol`: String
    public var http: Bool
  }

  /// A health check on a group: HTTP on a path, or a TCP connect.
  public struct Check: Sendable, Equatable {
    public var http: Bool
    public var port: Int
    public var path: String
    public var intervalSeconds: Int
    public var timeoutSeconds: Int
    public var gracePeriodSeconds: Int
  }

  /// A DNS label made from the app's name (lower case, digits, hyphens; at most 40 characters).
  public var name: String
  public var groups: [Group]
  public var releaseCommand: [String]?
  /// `[env]` settings; secrets (names in `secretNames`) are not among them.
  public var settings: [EnvironmentVariable]
  public var secretNames: [String]
  public var dockerfile: String?
  public var image: String?
  public var volumes: [Inventory.Volume]
  public var killSignal: String?
  public var killTimeoutSeconds: Int?

  /// The blueprint of an inventoried app whose config is `config`.
  public init(inventory: Inventory, config: FlyConfig) {
    name = Self.label(inventory.app ?? "app")
    let groupNames = inventory.processGroups.map(\.name)
    groups = inventory.processGroups.map { group in
      let services = inventory.services.filter { $0.processes.contains(group.name) }
      let ports = services.compactMap { service -> Port? in
        guard let port = service.internalPort else { return nil }
        return Port(internalPort: port, protocol: service.protocol, http: service.ports.contains { $0.handlers.contains("http") })
      }
      let size = inventory.vm.first { $0.processes.contains(group.name) }
      return Group(
        name: group.name, command: group.command.map(ShellWords.split), ports: ports,
        mounts: inventory.mounts.filter { $0.processes.contains(group.name) },
        checks: Self.checks(for: group.name, config: config, defaultGroup: config.defaultGroup, groupNames: groupNames),
        memoryMb: size?.memoryMb, cpus: size?.cpus, machineCount: inventory.machines.filter { $0.group == group.name }.count)
    }
    releaseCommand = inventory.releaseCommand.map(ShellWords.split)
    settings = config.env.filter { !inventory.secretNames.contains($0.name) }
    secretNames = inventory.secretNames
    dockerfile = inventory.dockerfile
    image = inventory.image
    volumes = inventory.volumes
    killSignal = config.killSignal
    killTimeoutSeconds = config.killTimeout.map { Self.seconds($0, default: 5) }
  }

  /// Reads the app in `settings`' directory (fly.toml, Dockerfile and flyctl when it answers).
  public static func load(_ settings: FlyToolSettings, requestedTarget: LandingTarget? = nil) async throws(ToolFailure) -> AppBlueprint {
    var arguments: JSONValue = .object([])
    if let requestedTarget { arguments = .object([("target", .string(requestedTarget.rawValue))]) }
    let inventory = try await settings.inventory(arguments)
    do {
      let loaded = try FlyConfigLoader(files: settings.files).load(appDirectory: settings.appDirectory, configOverride: nil)
      return AppBlueprint(inventory: inventory, config: loaded.config)
    } catch {
      throw .failed(error.description)
    }
  }

  /// The group whose service speaks HTTP (the one nginx or the Ingress sends requests to).
  public var httpGroup: Group? { groups.first { $0.httpPort != nil } }

  /// `text` as a DNS label: lower case letters, digits and hyphens, starting with a letter.
  public static func label(_ text: String, limit: Int = 40) -> String {
    let mapped = text.lowercased().map { ($0.isASCII && ($0.isLetter || $0.isNumber)) ? $0 : "-" }
    var label = String(String(mapped.drop { !$0.isLetter }).prefix(limit))
    while label.hasSuffix("-") { label.removeLast() }
    while label.contains("--") { label = label.replacing("--", with: "-") }
    return label.isEmpty ? "app" : label
  }

  /// Whole seconds (rounded up) of a fly.toml duration such as `15s`, `500ms`, `1m30s`.
  public static func seconds(_ duration: String?, default fallback: Int) -> Int {
    guard let duration, !duration.isEmpty else { return fallback }
    if let plain = Int(duration) { return plain }
    var total = 0.0
    var number = ""
    var unit = ""
    func flush() -> Bool {
      guard let value = Double(number) else { return false }
      switch unit {
      case "ms": total += value / 1000
      case "s": total += value
      case "m": total += value * 60
      case "h": total += value * 3600
      case "us", "µs": total += value / 1_000_000
      default: return false
      }
      number = ""
      unit = ""
      return true
    }
    for character in duration {
      if character.isNumber || character == "." {
        if !unit.isEmpty { guard flush() else { return fallback } }
        number.append(character)
      } else {
        unit.append(character)
      }
    }
    guard flush() else { return fallback }
    return max(1, Int(total.rounded(.up)))
  }

  private static func checks(for group: String, config: FlyConfig, defaultGroup: String, groupNames: [String]) -> [Check] {
    var found: [Check] = []
    let services = (config.httpService.map { [$0] } ?? []) + config.services
    for service in services where (service.processes ?? [defaultGroup]).contains(group) {
      for check in service.checks {
        guard let port = check.port ?? service.internalPort else { continue }
        found.append(Self.check(check, port: port))
      }
    }
    for check in config.checks where (check.processes ?? groupNames).contains(group) {
      guard let port = check.port, check.type == "http" || check.type == "tcp" else { continue }
      found.append(Self.check(check, port: port))
    }
    return found
  }

  private static func check(_ check: CheckDefinition, port: Int) -> Check {
    let http = check.type == "http"
    return Check(
      http: http, port: port, path: check.path ?? "/", intervalSeconds: seconds(check.interval, default: 15),
      timeoutSeconds: seconds(check.timeout, default: 2), gracePeriodSeconds: seconds(check.gracePeriod, default: 0))
  }
}
