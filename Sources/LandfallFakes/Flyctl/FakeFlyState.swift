internal import LandfallModel

/// The world the fake flyctl answers from; stored as JSON (see docs/fake-flyctl.md).
public struct FakeFlyState: Sendable, Equatable {
  public var loggedIn: Bool
  public var user: String
  public var apps: [App]

  /// A state with the given apps.
  public init(loggedIn: Bool = true, user: String = "owner@example.test", apps: [App] = []) {
    self.loggedIn = loggedIn
    self.user = user
    self.apps = apps
  }

  /// One Fly app (a Postgres cluster is an app with `postgres: true`).
  public struct App: Sendable, Equatable {
    public var name: String
    public var organization: String
    public var status: String
    public var postgres: Bool
    public var machines: [Machine]
    public var volumes: [Volume]
    /// Secret names and values in the order they were set.
    public var secrets: [(name: String, value: String)]
    public var ips: [IPAddress]
    public var postgresUsers: [String]
    /// Where `fly proxy` for this app leads (`HOST:PORT`, e.g. a loopback cluster); nil: nowhere.
    public var proxyTarget: String?
    /// A fault: once a proxy has carried this many bytes from the app, it cuts the connection
    /// carrying the next ones, once (then the fault is cleared).
    public var proxyDropAfterBytes: Int?

    /// An app; everything but the name has a plain default.
    public init(
      name: String, organization: String = "personal", status: String = "deployed", postgres: Bool = false,
      machines: [Machine] = [], volumes: [Volume] = [], secrets: [(name: String, value: String)] = [],
      ips: [IPAddress] = [], postgresUsers: [String] = []
    ) {
      self.name = name
      self.organization = organization
      self.status = status
      self.postgres = postgres
      self.machines = machines
      self.volumes = volumes
      self.secrets = secrets
      self.ips = ips
      self.postgresUsers = postgresUsers
    }

    public static func == (lhs: App, rhs: App) -> Bool {
      lhs.name == rhs.name && lhs.organization == rhs.organization && lhs.status == rhs.status
        && lhs.postgres == rhs.postgres && lhs.machines == rhs.machines && lhs.volumes == rhs.volumes
        && lhs.secrets.map(\.name) == rhs.secrets.map(\.name) && lhs.secrets.map(\.value) == rhs.secrets.map(\.value)
        && lhs.ips == rhs.ips && lhs.postgresUsers == rhs.postgresUsers && lhs.proxyTarget == rhs.proxyTarget
        && lhs.proxyDropAfterBytes == rhs.proxyDropAfterBytes
    }
  }

  /// One Machine.
  public struct Machine: Sendable, Equatable {
    public var id: String
    public var region: String
    public var state: String
    public var processGroup: String
    public var cpuKind: String
    public var cpus: Int
    public var memoryMb: Int
    public var image: String
    public var env: [(name: String, value: String)]
    public var autostart: Bool
    /// The labels of the Machine's image (`image_ref.labels`), such as `fly.app_role`.
    public var imageLabels: [(name: String, value: String)] = []
    /// Metadata set with `machine run --metadata` (Fly's own keys are rendered from the fields).
    public var metadata: [(name: String, value: String)]
    /// Where the Machine's volume, if any, is mounted.
    public var mountPath: String

    /// A Machine; unspecified fields take the smallest shared size. An empty `processGroup` is a
    /// Machine started with `machine run`, outside every process group.
    public init(
      id: String, region: String = "iad", state: String = "started", processGroup: String = "app",
      cpuKind: String = "shared", cpus: Int = 1, memoryMb: Int = 256, image: String = "registry.fly.io/app:1",
      env: [(name: String, value: String)] = [], autostart: Bool = true, metadata: [(name: String, value: String)] = [],
      mountPath: String = "/data"
    ) {
      self.id = id
      self.region = region
      self.state = state
      self.processGroup = processGroup
      self.cpuKind = cpuKind
      self.cpus = cpus
      self.memoryMb = memoryMb
      self.image = image
      self.env = env
      self.autostart = autostart
      self.metadata = metadata
      self.mountPath = mountPath
    }

    public static func == (lhs: Machine, rhs: Machine) -> Bool {
      lhs.id == rhs.id && lhs.region == rhs.region && lhs.state == rhs.state
        && lhs.processGroup == rhs.processGroup && lhs.cpuKind == rhs.cpuKind && lhs.cpus == rhs.cpus
        && lhs.memoryMb == rhs.memoryMb && lhs.image == rhs.image && lhs.autostart == rhs.autostart
        && lhs.env.map(\.name) == rhs.env.map(\.name) && lhs.env.map(\.value) == rhs.env.map(\.value)
        && lhs.imageLabels.map(\.name) == rhs.imageLabels.map(\.name) && lhs.imageLabels.map(\.value) == rhs.imageLabels.map(\.value)
        && lhs.metadata.map(\.name) == rhs.metadata.map(\.name) && lhs.metadata.map(\.value) == rhs.metadata.map(\.value)
        && lhs.mountPath == rhs.mountPath
    }
  }

  /// One volume.
  public struct Volume: Sendable, Equatable {
    public var id: String
    public var name: String
    public var sizeGb: Int
    public var region: String
    public var attachedMachineId: String?

    /// A volume, attached to `attachedMachineId` when given.
    public init(id: String, name: String, sizeGb: Int, region: String, attachedMachineId: String? = nil) {
      self.id = id
      self.name = name
      self.sizeGb = sizeGb
      self.region = region
      self.attachedMachineId = attachedMachineId
    }
  }

  /// One allocated IP address.
  public struct IPAddress: Sendable, Equatable {
    public var address: String
    public var type: String

    /// An address of `type` (`v4`, `shared_v4`, `v6`, `private_v6`).
    public init(address: String, type: String) {
      self.address = address
      self.type = type
    }
  }

  /// The app called `name`, if it exists.
  public func app(named name: String) -> App? {
    apps.first { $0.name == name }
  }
}
