public import LandfallModel

/// A fly.toml after normalisation: one spelling per section, units resolved.
public struct FlyConfig: Sendable, Equatable {
  public var app: String?
  public var primaryRegion: String?
  public var build = Build()
  /// `[processes]` in file order; empty means the one implicit group `app`.
  public var processes: [ProcessDefinition] = []
  /// `[env]` in file order, values stringified as flyctl does.
  public var env: [EnvironmentVariable] = []
  public var httpService: ServiceDefinition?
  public var services: [ServiceDefinition] = []
  public var mounts: [MountDefinition] = []
  public var vm: [VMDefinition] = []
  public var releaseCommand: String?
  public var experimental = Experimental()
  public var checks: [CheckDefinition] = []
  public var killSignal: String?
  public var killTimeout: String?
  public var swapSizeMb: Int?

  /// An empty config.
  public init() {}

  /// The group that entries without `processes` belong to: `app` if defined, else the
  /// alphabetically first group, else `app`.
  public var defaultGroup: String {
    let names = processes.map(\.name)
    if names.isEmpty || names.contains("app") { return "app" }
    return names.sorted().first ?? "app"
  }

  /// Every process group name, in file order (`app` alone when none are declared).
  public var groupNames: [String] {
    processes.isEmpty ? ["app"] : processes.map(\.name)
  }

  /// `[build]`.
  public struct Build: Sendable, Equatable {
    public var image: String?
    public var dockerfile: String?
    public var buildTarget: String?
    public init(image: String? = nil, dockerfile: String? = nil, buildTarget: String? = nil) {
      self.image = image
      self.dockerfile = dockerfile
      self.buildTarget = buildTarget
    }
  }

  /// `[experimental]` overrides of the image's start command.
  public struct Experimental: Sendable, Equatable {
    public var cmd: [String]?
    public var entrypoint: [String]?
    public var exec: [String]?
    public init(cmd: [String]? = nil, entrypoint: [String]? = nil, exec: [String]? = nil) {
      self.cmd = cmd
      self.entrypoint = entrypoint
      self.exec = exec
    }
  }
}

/// One `[processes]` entry; an empty command keeps the image CMD.
public struct ProcessDefinition: Sendable, Equatable {
  public var name: String
  public var command: String
  public init(name: String, command: String) {
    self.name = name
    self.command = command
  }
}

/// One `[env]` variable.
public struct EnvironmentVariable: Sendable, Equatable {
  public var name: String
  public var value: String
  public init(name: String, value: String) {
    self.name = name
    self.value = value
  }
}

/// `[http_service]` or one `[[services]]` entry.
public struct ServiceDefinition: Sendable, Equatable {
  /// `nil` when the entry names no groups: it then belongs to the default group.
  public var processes: [String]?
  public var internalPort: Int?
  public var `protocol`: String
  public var ports: [Inventory.Port]
  public var forceHTTPS: Bool
  public var autoStopMachines: String?
  public var minMachinesRunning: Int?
  /// The paths of the service's HTTP checks (`checks` of `[http_service]`, `http_checks` of `[[services]]`).
  public var httpCheckPaths: [String]
  /// The service's health checks (`checks`, `http_checks`, `tcp_checks`), on its internal port.
  public var checks: [CheckDefinition] = []

  public init(
    processes: [String]?, internalPort: Int?, protocol: String, ports: [Inventory.Port],
    forceHTTPS: Bool = false, autoStopMachines: String? = nil, minMachinesRunning: Int? = nil, httpCheckPaths: [String] = []
  ) {
    self.processes = processes
    self.internalPort = internalPort
    self.protocol = `protocol`
    self.ports = ports
    self.forceHTTPS = forceHTTPS
    self.autoStopMachines = autoStopMachines
    self.minMachinesRunning = minMachinesRunning
    self.httpCheckPaths = httpCheckPaths
  }
}

/// One `[[mounts]]` entry.
public struct MountDefinition: Sendable, Equatable {
  public var source: String
  public var destination: String
  public var processes: [String]?
  /// Initial size in GB, when declared.
  public var initialSizeGb: Int?
  public init(source: String, destination: String, processes: [String]?, initialSizeGb: Int? = nil) {
    self.source = source
    self.destination = destination
    self.processes = processes
    self.initialSizeGb = initialSizeGb
  }
}

/// One `[[vm]]` entry, with the guest it resolves to.
public struct VMDefinition: Sendable, Equatable {
  public var processes: [String]?
  public var size: String?
  public var cpus: Int?
  public var cpuKind: String?
  public var memoryMb: Int?
  /// `persist_rootfs`: `never`, `restart` or `always` (whether the root filesystem survives).
  public var persistRootfs: String?
  public init(
    processes: [String]?, size: String?, cpus: Int?, cpuKind: String?, memoryMb: Int?, persistRootfs: String? = nil
  ) {
    self.processes = processes
    self.size = size
    self.cpus = cpus
    self.cpuKind = cpuKind
    self.memoryMb = memoryMb
    self.persistRootfs = persistRootfs
  }
}

/// One top-level health check.
public struct CheckDefinition: Sendable, Equatable {
  public var name: String
  public var type: String?
  public var port: Int?
  public var path: String?
  public var processes: [String]?
  /// Durations as fly.toml gives them (`15s`, `500ms`).
  public var interval: String?
  public var timeout: String?
  public var gracePeriod: String?
  public init(name: String, type: String?, port: Int?, path: String?, processes: [String]?) {
    self.name = name
    self.type = type
    self.port = port
    self.path = path
    self.processes = processes
  }
}
