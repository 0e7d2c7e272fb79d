/// What must move: the Phase 1 answer about one Fly app, as `landfall inventory --json` prints it.
public struct Inventory: Sendable, Equatable {
  /// The version of the JSON shape.
  public static let schemaVersion = 1

  public var app: String?
  public var configPath: String
  public var primaryRegion: String?
  public var regions: [String]
  public var image: String?
  public var dockerfile: String?
  public var processGroups: [ProcessGroup]
  public var services: [Service]
  public var mounts: [Mount]
  public var releaseCommand: String?
  public var vm: [VMSize]
  public var envNames: [String]
  public var secretNames: [String]
  public var volumes: [Volume]
  public var postgres: Postgres
  public var dockerfileInfo: DockerfileInfo?
  public var warnings: [String]
  /// Why the app goes to managed Kubernetes; `nil` keeps it on one VM.
  public var kubernetesReason: String?
  /// Why the app is a database to dump and restore rather than an app to move (a Fly Postgres
  /// cluster); `nil` for an ordinary app.
  public var databaseReason: String?
  /// True when the app runs a database whose data lives on the Machine's root filesystem (no
  /// volume), so it must be dumped from the running Machine.
  public var dataOnRootFilesystem = false
  /// Where flyctl saw the app's Machines running, one entry per Machine.
  public var machines: [Machine]

  /// Creates an inventory; everything but the config path starts empty.
  public init(
    app: String? = nil, configPath: String, primaryRegion: String? = nil, regions: [String] = [],
    image: String? = nil, dockerfile: String? = nil, processGroups: [ProcessGroup] = [],
    services: [Service] = [], mounts: [Mount] = [], releaseCommand: String? = nil,
    vm: [VMSize] = [], envNames: [String] = [], secretNames: [String] = [], volumes: [Volume] = [],
    postgres: Postgres = Postgres(attached: false, evidence: []),
    dockerfileInfo: DockerfileInfo? = nil, warnings: [String] = [], machines: [Machine] = []
  ) {
    self.machines = machines
    self.app = app
    self.configPath = configPath
    self.primaryRegion = primaryRegion
    self.regions = regions
    self.image = image
    self.dockerfile = dockerfile
    self.processGroups = processGroups
    self.services = services
    self.mounts = mounts
    self.releaseCommand = releaseCommand
    self.vm = vm
    self.envNames = envNames
    self.secretNames = secretNames
    self.volumes = volumes
    self.postgres = postgres
    self.dockerfileInfo = dockerfileInfo
    self.warnings = warnings
  }

  /// `multi` when more than one process group runs; such apps scale groups independently.
  public var shape: AppShape { processGroups.count > 1 ? .multi : .single }

  /// Where the app lands: nowhere as an app when it is a database cluster, else one VM unless a
  /// reason for managed Kubernetes was found.
  public var target: LandingTarget {
    if databaseReason != nil { return .database }
    return kubernetesReason == nil ? .vm : .kubernetes
  }

  /// How the app runs where it lands: one container, one Compose service per group, Kubernetes,
  /// or not at all (a database cluster's data is restored into the server's database).
  public var runtime: Runtime {
    if target == .database { return .database }
    if target == .kubernetes { return .kubernetes }
    return shape == .multi ? .compose : .docker
  }

  /// One Fly Machine: its process group and region.
  public struct Machine: Sendable, Equatable {
    public var group: String
    public var region: String
    public init(group: String, region: String) {
      self.group = group
      self.region = region
    }
  }

  /// A process group and the command that replaces the image CMD (`nil` keeps the image's CMD).
  public struct ProcessGroup: Sendable, Equatable {
    public var name: String
    public var command: String?
    public init(name: String, command: String?) {
      self.name = name
      self.command = command
    }
  }

  /// One public service: the internal port and the edge ports routed to it.
  public struct Service: Sendable, Equatable {
    public var processes: [String]
    public var internalPort: Int?
    public var `protocol`: String
    public var ports: [Port]
    public init(processes: [String], internalPort: Int?, protocol: String, ports: [Port]) {
      self.processes = processes
      self.internalPort = internalPort
      self.protocol = `protocol`
      self.ports = ports
    }
  }

  /// An edge port (or port range) and its handlers; no handlers means raw passthrough.
  public struct Port: Sendable, Equatable {
    public var port: Int
    public var endPort: Int?
    public var handlers: [String]
    public init(port: Int, endPort: Int? = nil, handlers: [String]) {
      self.port = port
      self.endPort = endPort
      self.handlers = handlers
    }
  }

  /// A volume mount declared in fly.toml.
  public struct Mount: Sendable, Equatable {
    public var source: String
    public var destination: String
    public var processes: [String]
    public init(source: String, destination: String, processes: [String]) {
      self.source = source
      self.destination = destination
      self.processes = processes
    }
  }

  /// The guest size of the Machines running some process groups.
  public struct VMSize: Sendable, Equatable {
    public var processes: [String]
    public var size: String?
    public var cpus: Int?
    public var memoryMb: Int?
    public init(processes: [String], size: String?, cpus: Int?, memoryMb: Int?) {
      self.processes = processes
      self.size = size
      self.cpus = cpus
      self.memoryMb = memoryMb
    }
  }

  /// A Fly volume as flyctl reports it.
  public struct Volume: Sendable, Equatable {
    public var name: String
    public var sizeGb: Int
    public var region: String
    public init(name: String, sizeGb: Int, region: String) {
      self.name = name
      self.sizeGb = sizeGb
      self.region = region
    }
  }

  /// Whether a Postgres database is attached, and the facts that say so.
  public struct Postgres: Sendable, Equatable {
    public var attached: Bool
    public var evidence: [String]
    public init(attached: Bool, evidence: [String]) {
      self.attached = attached
      self.evidence = evidence
    }
  }

  /// What the Dockerfile's final stage declares.
  public struct DockerfileInfo: Sendable, Equatable {
    public var expose: [Int]
    public var cmd: [String]?
    public var entrypoint: [String]?
    public var stages: Int
    public init(expose: [Int], cmd: [String]?, entrypoint: [String]?, stages: Int) {
      self.expose = expose
      self.cmd = cmd
      self.entrypoint = entrypoint
      self.stages = stages
    }
  }
}

/// How many independently scaled process groups an app has.
public enum AppShape: String, Sendable, Equatable {
  case single
  case multi
}

extension [Inventory.Machine] {
  /// The regions these Machines run in, each once, in order of first appearance.
  public var regions: [String] {
    reduce(into: [String]()) { found, machine in
      if !found.contains(machine.region) { found.append(machine.region) }
    }
  }
}

/// The kind of place an app lands on.
public enum LandingTarget: String, Sendable, Equatable {
  case vm
  case kubernetes
  /// A database cluster: its data is dumped and restored on the server; nothing moves as an app.
  case database
}

/// What runs the app's processes where it lands.
public enum Runtime: String, Sendable, Equatable {
  /// One container on the VM.
  case docker
  /// One Compose service per process group on the VM.
  case compose
  /// Deployments on a managed Kubernetes cluster.
  case kubernetes
  /// Nothing runs as an app: the database's dump is restored into the server's database.
  case database
}
