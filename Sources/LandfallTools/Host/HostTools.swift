public import LandfallCore
public import LandfallModel

/// The Phase 3 playbooks and the raw command tool, over one `HostConnection`.
public enum HostTools {
  /// Every host tool.
  public static func all(_ connection: HostConnection, appDirectory: String, runner: any CommandRunner) -> [any Tool] {
    [
      HostConnectTool(connection: connection), HostExecTool(connection: connection),
      HostPlaybooks.installDocker(connection), HostPlaybooks.mountVolume(connection), HostPlaybooks.writeEnvFile(connection),
      HostPlaybooks.installPostgres(connection), HostPlaybooks.buildImage(connection, appDirectory: appDirectory, runner: runner),
      HostPlaybooks.runContainer(connection), HostPlaybooks.configureNginx(connection), HostPlaybooks.healthCheck(connection),
      HostPlaybooks.logs(connection),
    ]
  }

  /// The phases that offer each host tool.
  public static func phases(for name: String) -> Set<MigrationPhase> {
    switch name {
    case "host_health_check", "host_logs", "host_exec", "host_connect":
      return [.provisionAndDeploy, .migrateData, .dnsAndTLS, .verifyAndDecommission]
    case "host_run_container": return [.provisionAndDeploy, .migrateData]
    default: return [.provisionAndDeploy]
    }
  }

  /// The env file the containers read.
  public static let envFile = "/srv/landfall/app.env"
}

/// `host_connect`: points the host tools at the new VM.
public struct HostConnectTool: Tool {
  let connection: HostConnection

  public var spec: ToolSpec {
    ToolSpec(
      name: "host_connect",
      description: "Connect the host tools to the VM over SSH (user cloud by default) with a private key saved on this machine.",
      inputSchema: Schema.object([
        ("address", Schema.string("the VM's public address")), ("keyPath", Schema.string("path of the private key file")),
        ("user", Schema.string("login user, default cloud")), ("port", Schema.integer("SSH port, default 22", minimum: 1)),
      ], required: ["address", "keyPath"]),
      effect: .read)
  }

  public func run(_ arguments: JSONValue, context: ToolContext) async throws(ToolFailure) -> ToolOutput {
    let target = SSHTarget(
      host: arguments["address"]?.stringValue ?? "", port: arguments["port"]?.intValue ?? 22,
      user: arguments["user"]?.stringValue ?? "cloud", identityFile: arguments["keyPath"]?.stringValue)
    await connection.use(target)
    let result = try await connection.run("uname -sr; . /etc/os-release 2>/dev/null && echo \"$PRETTY_NAME\" || true")
    return ToolOutput("connected to \(target.user)@\(target.host):\(target.port)\n\(result.output)")
  }
}

/// `host_exec`: one raw command; a small set of inspection commands counts as read, anything else
/// as a write.
public struct HostExecTool: Tool {
  let connection: HostConnection

  /// A raw command tool on `connection`.
  public init(connection: HostConnection) {
    self.connection = connection
  }
  static let readOnlyPrefixes = [
    "cat ", "ls", "df", "free", "uname", "uptime", "whoami", "id", "hostname", "ip addr", "ss -", "docker ps", "docker logs",
    "docker images", "docker inspect", "systemctl status", "journalctl", "nginx -t", "lsblk", "blkid", "findmnt", "du ",
    "head ", "tail ", "ps ", "getent ",
  ]

  public var spec: ToolSpec {
    ToolSpec(
      name: "host_exec",
      description: "Run one shell command on the VM and return its output and exit status. Inspection commands (cat, ls, df, docker ps, journalctl ...) are read-only; anything else needs approval.",
      inputSchema: Schema.object([("command", Schema.string("the command"))], required: ["command"]), effect: .write)
  }

  public func effect(for arguments: JSONValue) -> ToolEffect {
    let command = (arguments["command"]?.stringValue ?? "").trimmingCharacters(in: " ")
    let chained = command.contains { ";&|`$><\n".contains($0) }
    return !chained && Self.readOnlyPrefixes.contains { command.hasPrefix($0) || command == $0.trimmingCharacters(in: " ") } ? .read : .write
  }

  public func run(_ arguments: JSONValue, context: ToolContext) async throws(ToolFailure) -> ToolOutput {
    let result = try await connection.run(arguments["command"]?.stringValue ?? "")
    let output = result.output.suffix(8_000)
    let errors = result.errors.split(separator: "\n").suffix(20).joined(separator: "\n")
    return ToolOutput("exit status \(result.exitStatus)\n\(output)\(errors.isEmpty ? "" : "\nstderr:\n\(errors)")", isError: result.exitStatus != 0)
  }
}
