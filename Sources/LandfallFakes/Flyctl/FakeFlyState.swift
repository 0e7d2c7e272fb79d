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

    public static func == (lhs: App, rhs: App) -> Bool {
      lhs.name == rhs.name && lhs.organization == rhs.organization && lhs.status == rhs.status
        && lhs.postgres == rhs.postgres && lhs.machines == rhs.machines && lhs.volumes == rhs.volumes
        && lhs.secrets.map(\.name) == rhs.secrets.map(\.name) && lhs.secrets.map(\.value) == rhs.secrets.map(\.value)
        && lhs.ips == rhs.ips && lhs.postgresUsers == rhs.postgresUsers
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

    public static func == (lhs: Machine, rhs: Machine) -> Bool {
      lhs.id == rhs.id && lhs.region == rhs.region && lhs.state == rhs.state
        && lhs.processGroup == rhs.processGroup && lhs.cpuKind == rhs.cpuKind && lhs.cpus == rhs.cpus
        && lhs.memoryMb == rhs.memoryMb && lhs.image == rhs.image && lhs.autostart == rhs.autostart
        && lhs.env.map(\.name) == rhs.env.map(\.name) && lhs.env.map(\.value) == rhs.env.map(\.value)
    }
  }

  /// One volume.
  public struct Volume: Sendable, Equatable {
    public var id: String
    public var name: String
    public var sizeGb: Int
    public var region: String
    public var attachedMachineId: String?
  }

  /// One allocated IP address.
  public struct IPAddress: Sendable, Equatable {
    public var address: String
    public var type: String
  }

  /// The app called `name`, if it exists.
  public func app(named name: String) -> App? {
    apps.first { $0.name == name }
  }
}
