public import LandfallCore
public import LandfallPolicy
public import LandfallModel

/// The Phase 3 playbooks and the raw command tool, over one `HostConnection`.
public enum HostTools {
  /// Every host tool; `fly` adds the tools that read the app (host_run_compose).
  public static func all(_ connection: HostConnection, appDirectory: String, runner: any CommandRunner, fly: FlyToolSettings? = nil) -> [any Tool] {
    let reading: [any Tool] = fly.map {
      [HostPlaybooks.runCompose(connection, settings: $0, runner: runner), HostPlaybooks.releaseCommand(connection, settings: $0)]
    } ?? []
    return [
      HostConnectTool(connection: connection), HostExecTool(connection: connection),
      HostPlaybooks.installDocker(connection), HostPlaybooks.mountVolume(connection), HostPlaybooks.writeEnvFile(connection),
      HostPlaybooks.installPostgres(connection), HostPlaybooks.buildImage(connection, appDirectory: appDirectory, runner: runner),
      HostPlaybooks.runContainer(connection), HostPlaybooks.configureNginx(connection), HostPlaybooks.healthCheck(connection),
      HostPlaybooks.logs(connection),
    ] + reading
  }

  /// The phases that offer each host tool.
  public static func phases(for name: String) -> Set<MigrationPhase> {
    switch name {
    case "host_health_check", "host_logs", "host_exec", "host_connect":
      return [.provisionAndDeploy, .migrateData, .dnsAndTLS, .verifyAndDecommission]
    case "host_run_container", "host_run_compose", "host_build_image", "host_install_postgres": return [.provisionAndDeploy, .migrateData]
    case "host_release_command": return [.migrateData]
    default: return [.provisionAndDeploy]
    }
  }

  /// How long a read-only inspection may run.
  static let inspectionSeconds = 120

  /// The env file the containers read.
  public static let envFile = "/srv/landfall/app.env"
}

/// `host_connect`: points the host tools at the new VM.
///
/// A login to an address the cloud did not report in this session, or with a key the session did
/// not create, is something the person approves (the runner asks; the tool declares the login).
public struct HostConnectTool: Tool {
  let connection: HostConnection
  private let offeredKeys = OfferedHostKeys()

  /// The connect tool for `connection`.
  public init(connection: HostConnection) {
    self.connection = connection
  }

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

  public func login(for arguments: JSONValue) -> (address: String, keyPath: String?)? {
    (arguments["address"]?.stringValue ?? "", arguments["keyPath"]?.stringValue)
  }

  /// Notes for a caller that cannot tell whether the address was learned: nothing is contacted.
  public func approvalNotes(for arguments: JSONValue) async -> [String] {
    await approvalNotes(for: arguments, loginAddressKnown: false)
  }

  /// The host key the server offers, read before login when the address is one the session
  /// learned: the person approves this exact key. An address the session did not learn is not
  /// contacted before approval; a key its server offered at a refused first login is shown instead.
  public func approvalNotes(for arguments: JSONValue, loginAddressKnown: Bool) async -> [String] {
    var target = Self.target(arguments)
    guard loginAddressKnown else {
      if case .seenAtLogin(let key)? = await offeredKeys.take(for: target) {
        await offeredKeys.remember(.shown(key.fingerprint), for: target)
        return ["at the last attempt the server offered the host key \(key.type) \(key.fingerprint); approving pins exactly this key (compare it with the VM's console if you can)"]
      }
      await offeredKeys.remember(.notLooked, for: target)
      return ["\(target.host) was not contacted before this approval because the session did not learn that address; its host key is checked at login: a pinned key must match, and a first login stops, shows the key and needs a second approval"]
    }
    target.connectTimeout = .seconds(5)
    do {
      let key = try await connection.hostKey(of: target)
      await offeredKeys.remember(key.standing == .firstUse ? .shown(key.fingerprint) : .pinned, for: target)
      return [key.description]
    } catch {
      await offeredKeys.remember(.unreadable, for: target)
      return ["the server's host key could not be read before login (\(error.description)); approving lets Landfall try again, and it will refuse a first login whose key it could not show you"]
    }
  }

  public func run(_ arguments: JSONValue, context: ToolContext) async throws(ToolFailure) -> ToolOutput {
    var target = Self.target(arguments)
    switch await offeredKeys.take(for: target) {
    case .shown(let fingerprint): target.approvedHostKey = fingerprint
    case .unreadable, .notLooked:
      let key: SSHHostKey
      do {
        key = try await connection.hostKey(of: target)
      } catch {
        throw .unavailable("the server's host key could not be read: \(error.description)")
      }
      if key.standing == .firstUse {
        await offeredKeys.remember(.seenAtLogin(key), for: target)
        throw .failed(
          "this is a first login and its host key was not shown when the person approved; call host_connect again so the person can approve this key (\(key.type) \(key.fingerprint))")
      }
    case .pinned, .seenAtLogin, nil: break
    }
    await connection.use(target)
    let result = try await connection.run("uname -sr; . /etc/os-release 2>/dev/null && echo \"$PRETTY_NAME\" || true")
    return ToolOutput("connected to \(target.user)@\(target.host):\(target.port)\n\(result.output)")
  }

  static func target(_ arguments: JSONValue) -> SSHTarget {
    SSHTarget(
      host: arguments["address"]?.stringValue ?? "", port: arguments["port"]?.intValue ?? 22,
      user: arguments["user"]?.stringValue ?? "cloud", identityFile: arguments["keyPath"]?.stringValue)
  }
}

/// What an approval showed of each server's host key, so the login pins that key and no other.
actor OfferedHostKeys {
  enum Shown: Sendable {
    /// A first connection: this fingerprint was shown and approved.
    case shown(String)
    /// The key matched the pinned one (or differed, which the login refuses).
    case pinned
    /// The key could not be read when the person was asked.
    case unreadable
    /// The address was not one the session learned, so the key was not looked at before approval.
    case notLooked
    /// A first login was refused because no key had been shown; this is the key it offered.
    case seenAtLogin(SSHHostKey)
  }

  private var byServer: [String: Shown] = [:]

  func remember(_ shown: Shown, for target: SSHTarget) {
    byServer["\(target.host):\(target.port)"] = shown
  }

  /// What the last approval showed for `target`, forgotten once used.
  func take(for target: SSHTarget) -> Shown? {
    byServer.removeValue(forKey: "\(target.host):\(target.port)")
  }
}

/// `host_exec`: one raw command. Read-only only when it parses into plain words that are an
/// allowlisted inspection (`ReadOnlyCommand`); such a command runs as exactly those words, and not
/// as root, so files kept for root (the env file) stay unreadable. Anything else is a write the
/// person sees verbatim, refused while starting the app would be unsafe (`changesServer`).
public struct HostExecTool: Tool {
  let connection: HostConnection

  /// A raw command tool on `connection`.
  public init(connection: HostConnection) {
    self.connection = connection
  }

  public var spec: ToolSpec {
    ToolSpec(
      name: "host_exec",
      description: "Run one command on the VM and return its output and exit status. Plain inspection commands (cat, ls, df, docker ps, systemctl status, journalctl ...) without pipes, globs, redirection or variables are read-only and run unprivileged; anything else needs approval, and for an app with a release command waits until host_release_command has run after the last data copy (use the typed host tools until then).",
      inputSchema: Schema.object([("command", Schema.string("the command"))], required: ["command"]), effect: .write)
  }

  public func effect(for arguments: JSONValue) -> ToolEffect {
    if case .readOnly = ReadOnlyCommand.judge(arguments["command"]?.stringValue ?? "") { return .read }
    return .write
  }

  /// A read-only reader of the env file or the secrets folder reads secrets; a raw write that
  /// dumps, restores or copies a database counts as the final copy; certbot asks for a
  /// certificate. Every raw write that ran is reported as a change to the server (a restore when
  /// it names a database client), so the data is verified, released and health-checked again.
  public func action(for arguments: JSONValue) -> MigrationAction {
    MigrationAction.forCommand(arguments["command"]?.stringValue ?? "", envFilePaths: [HostTools.envFile])
  }

  public func run(_ arguments: JSONValue, context: ToolContext) async throws(ToolFailure) -> ToolOutput {
    let command = arguments["command"]?.stringValue ?? ""
    let script: String
    if case .readOnly(let words) = ReadOnlyCommand.judge(command) {
      script = Self.unprivileged(words).text
    } else {
      script = command
    }
    let result = try await connection.run(script)
    let output = result.output.suffix(8_000)
    let errors = result.errors.split(separator: "\n").suffix(20).joined(separator: "\n")
    let parts = action(for: arguments).parts
    let facts: [MigrationFact] = parts.contains(.finalDump) ? [.restoreCompleted] : parts.contains(.changesServer) ? [.serverChanged] : []
    return ToolOutput(
      "exit status \(result.exitStatus)\n\(output)\(errors.isEmpty ? "" : "\nstderr:\n\(errors)")", facts: facts,
      isError: result.exitStatus != 0)
  }

  /// `words` run as `nobody` (directly when the login is root, through sudo when the login may
  /// use it, as the login user only when it cannot), and stopped after `inspectionSeconds`: an
  /// inspection reads neither root's files nor the login user's own (a staged copy, a key), and
  /// one that follows or streams (`docker stats`, `journalctl -f`) ends instead of holding the
  /// call open.
  static func unprivileged(_ words: [String]) -> HostScript {
    let quoted = "timeout \(HostTools.inspectionSeconds) " + words.map(HostScript.quote).joined(separator: " ")
    let drop = "setpriv --reuid=65534 --regid=65534 --clear-groups --"
    let body = """
      if [ "$(id -u)" -eq 0 ]; then
        exec \(drop) \(quoted)
      fi
      if sudo -n true 2>/dev/null; then
        exec sudo -n \(drop) \(quoted)
      fi
      exec \(quoted)
      """
    return HostScript(playbook: "exec_read_only", arguments: .object([("argv", .strings(words))]), body: body)
  }
}
