public import LandfallModel

/// The Compose project that runs a multi-group app on one VM: one service per process group, all
/// from one image built once, the env file, each group's volume, ports on 127.0.0.1 only, restart
/// unless stopped, health checks from fly.toml, and the release command as a one-off service in
/// the `release` profile that `docker compose run` starts before the others.
public struct ComposeProject: Sendable, Equatable {
  /// Where the project and its build context live on the VM.
  public static let directory = "/srv/landfall"
  public static let file = "/srv/landfall/compose.yaml"
  public static let buildContext = "/srv/landfall/build"
  /// The one-off service that runs the release command.
  public static let releaseService = "release"
  /// The variable that picks the image for every service (default: `imageTag`); the deploy
  /// script sets it to the version it deploys.
  public static let imageVariable = "LANDFALL_IMAGE"
  /// The variable that moves the HTTP group's loopback port (default: its published port), so
  /// a deploy can start the new version beside the old.
  public static let httpPortVariable = "LANDFALL_HTTP_PORT"
  /// Set but empty, every other published port takes a free loopback port instead of its own,
  /// so two versions can run side by side (unset: the ports as published).
  public static let otherPortsVariable = "LANDFALL_OTHER_PORTS"

  /// A port published on the VM's loopback for one group.
  public struct Published: Sendable, Equatable {
    public var group: String
    public var hostPort: Int
    public var containerPort: Int
    public var `protocol`: String
  }

  public var blueprint: AppBlueprint
  public var imageTag: String
  /// Host paths bound into the groups' containers, by volume name.
  public var volumePaths: [String: String]
  public var published: [Published]

  /// The project for `blueprint`, its image tagged `imageTag`; each volume is bound from the host
  /// path where the block storage is mounted (`volumePaths`, else the container's own path).
  public init(blueprint: AppBlueprint, imageTag: String? = nil, volumePaths: [String: String] = [:]) {
    self.blueprint = blueprint
    self.imageTag = imageTag ?? blueprint.image ?? "\(blueprint.name):latest"
    var paths = volumePaths
    var claimed = Set(paths.values)
    for mount in blueprint.groups.flatMap(\.mounts) where paths[mount.source] == nil {
      let path = claimed.contains(mount.destination) ? "\(Self.directory)/volumes/\(mount.source)" : mount.destination
      paths[mount.source] = path
      claimed.insert(path)
    }
    self.volumePaths = paths
    var used = Set<String>()
    var published: [Published] = []
    for group in blueprint.groups {
      for port in group.ports {
        var host = port.internalPort
        while used.contains("\(host)/\(port.protocol)") { host += 1 }
        used.insert("\(host)/\(port.protocol)")
        published.append(Published(group: group.name, hostPort: host, containerPort: port.internalPort, protocol: port.protocol))
      }
    }
    self.published = published
  }

  /// The loopback port nginx proxies to: the HTTP group's published port.
  public var httpUpstream: (group: String, port: Int)? {
    guard let group = blueprint.httpGroup, let port = group.httpPort,
      let published = published.first(where: { $0.group == group.name && $0.containerPort == port })
    else { return nil }
    return (group.name, published.hostPort)
  }

  /// True when the image is built on the VM from the app's Dockerfile.
  public var builds: Bool { blueprint.dockerfile != nil }

  /// The service names in start order (the release service is not among them).
  public var serviceNames: [String] { blueprint.groups.map(\.name) }

  /// The compose.yaml text.
  public var yaml: String {
    YAMLWriter.document(json)
  }

  /// The project as a value, in Compose file order.
  public var json: JSONValue {
    var services: [(key: String, value: JSONValue)] = []
    if let release = blueprint.releaseCommand {
      var pairs = base(build: false)
      pairs.append(("command", .strings(release.map(Self.escaped))))
      pairs.append(("profiles", .strings([Self.releaseService])))
      pairs.append(("restart", .string("no")))
      services.append((Self.releaseService, .object(pairs)))
    }
    for (index, group) in blueprint.groups.enumerated() {
      services.append((group.name, service(group, build: builds && index == 0)))
    }
    return .object([("name", .string(blueprint.name)), ("services", .object(services))])
  }

  private func base(build: Bool) -> [(key: String, value: JSONValue)] {
    var pairs: [(key: String, value: JSONValue)] = [("image", .string("${\(Self.imageVariable):-\(Self.escaped(imageTag))}"))]
    if build {
      pairs.append(("build", .object([
        ("context", .string(Self.buildContext)), ("dockerfile", .string(blueprint.dockerfile ?? "Dockerfile")),
      ])))
    } else if builds {
      pairs.append(("pull_policy", .string("never")))
    }
    pairs.append(("env_file", .strings([HostTools.envFile])))
    return pairs
  }

  private func service(_ group: AppBlueprint.Group, build: Bool) -> JSONValue {
    var pairs = base(build: build)
    if let command = group.command { pairs.append(("command", .strings(command.map(Self.escaped)))) }
    pairs.append(("restart", .string("unless-stopped")))
    let upstream = httpUpstream
    let ports = published.filter { $0.group == group.name }.map { port in
      let http = upstream?.group == group.name && upstream?.port == port.hostPort
      let host = http ? "${\(Self.httpPortVariable):-\(port.hostPort)}" : "${\(Self.otherPortsVariable)-\(port.hostPort)}"
      return JSONValue.string("127.0.0.1:\(host):\(port.containerPort)" + (port.protocol == "udp" ? "/udp" : ""))
    }
    if !ports.isEmpty { pairs.append(("ports", .array(ports))) }
    let volumes = group.mounts.map { mount in
      JSONValue.object([
        ("type", .string("bind")), ("source", .string(volumePaths[mount.source] ?? mount.destination)),
        ("target", .string(mount.destination)),
      ])
    }
    if !volumes.isEmpty { pairs.append(("volumes", .array(volumes))) }
    if let check = group.checks.first { pairs.append(("healthcheck", Self.healthcheck(check))) }
    if let signal = blueprint.killSignal { pairs.append(("stop_signal", .string(signal))) }
    if let timeout = blueprint.killTimeoutSeconds { pairs.append(("stop_grace_period", .string("\(timeout)s"))) }
    return .object(pairs)
  }

  /// A check run inside the container: curl or wget for HTTP, a TCP connect otherwise.
  static func healthcheck(_ check: AppBlueprint.Check) -> JSONValue {
    let probe: String
    if check.http {
      let url = "http://127.0.0.1:\(check.port)\(check.path)"
      let quoted = "'" + url.replacing("'", with: "'\\''") + "'"
      probe = "curl -fsS -o /dev/null \(quoted) || wget -q -O /dev/null \(quoted)"
    } else {
      probe = "nc -z 127.0.0.1 \(check.port) || bash -c 'exec 3<>/dev/tcp/127.0.0.1/\(check.port)'"
    }
    return .object([
      ("test", .strings(["CMD-SHELL", escaped(probe)])), ("interval", .string("\(check.intervalSeconds)s")),
      ("timeout", .string("\(check.timeoutSeconds)s")), ("retries", .int(3)),
      ("start_period", .string("\(check.gracePeriodSeconds)s")),
    ])
  }

  /// A value with `$` doubled, so that Compose passes it through instead of interpolating it.
  static func escaped(_ text: String) -> String {
    text.replacing("$", with: "$$")
  }
}
