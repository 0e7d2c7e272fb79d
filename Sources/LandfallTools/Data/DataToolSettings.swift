public import LandfallCore
import LandfallData
import LandfallModel

/// What the data tools use: libpq through `connector`, pg_dump through `commands`.
public struct DataToolSettings: Sendable {
  public var connector: any PostgresConnector
  public var commands: any CommandRunner
  /// Parallel sessions per server.
  public var jobs: Int
  /// The way to the VM's PostgreSQL over SSH, when the session knows a VM.
  public var vmTunnel: VMDatabaseTunnel?
  /// The way to Fly Postgres through `flyctl proxy`, when flyctl is available.
  public var flyProxy: FlyPostgresProxy?

  /// Settings for the data tools.
  public init(
    connector: any PostgresConnector, commands: any CommandRunner, jobs: Int = 4, vmTunnel: VMDatabaseTunnel? = nil,
    flyProxy: FlyPostgresProxy? = nil
  ) {
    self.connector = connector
    self.commands = commands
    self.jobs = jobs
    self.vmTunnel = vmTunnel
    self.flyProxy = flyProxy
  }

  /// A copy followed by a verification, with these settings.
  var move: DataMove {
    DataMove(
      engine: PostgresCopyEngine(connector: connector, dumper: SchemaDumper(commands: commands)),
      verifier: DataVerifier(connector: connector))
  }

  /// Whether a call compares what the cutover depends on: Fly Postgres (through `flyctl proxy`)
  /// with the VM's own database (through the tunnel). Only such a call reports the final copy and
  /// the verification as facts; a comparison of any other pair proves nothing about the move.
  static func comparesFlyWithTheVM(_ arguments: JSONValue) -> Bool {
    arguments["source_fly_app"]?.stringValue != nil && arguments["target_on_vm"]?.boolValue == true
  }

  /// What a comparison of any other pair says.
  static let doesNotCount =
    "This does not count for the cutover: only Fly Postgres (source_fly_app) compared with the VM's database (target_on_vm) does."

  /// Reads a URL argument; a bad one is the model's to fix.
  static func endpoint(_ arguments: JSONValue, _ key: String) throws(ToolFailure) -> PostgresEndpoint {
    guard let text = arguments[key]?.stringValue else { throw .invalidArguments("\(key) is required") }
    do {
      return try PostgresEndpoint(url: text)
    } catch {
      throw .invalidArguments("\(key): \(error.description)")
    }
  }

  /// Maps a library error to a tool failure: an unreachable server stops the run.
  static func failure(_ error: any Error) -> ToolFailure {
    if let error = error as? DataCopyError, case .unreachable? = error.postgresError { return .unavailable(error.description) }
    if let error = error as? PostgresError, case .unreachable = error { return .unavailable(error.description) }
    return .failed(String(describing: error))
  }
}
