import Foundation
import LandfallCore
import LandfallEvals
import LandfallFakes
import LandfallFly
import LandfallMCP
import LandfallModel
import LandfallPolicy
import LandfallSession
import LandfallTools
import LandfallTranscript
import LandfallTransport

/// Builds a tool runner and its transcript session from the command line and the environment.
struct SessionWiring {
  let options: SessionOptions
  let live: LiveWiring

  struct Session {
    var runner: ToolRunner
    var store: SQLiteTranscriptStore
    var sessionID: String
    var vault: SecretVault
    var flyctl: FlyctlClient
    var appDirectory: String
    var app: String?
    /// Events of the session being resumed (empty for a new one).
    var previousEvents: [TranscriptEvent]
    var servers: [MCPConnection]

    func stopServers() async {
      for server in servers { await server.stop() }
    }
  }

  /// Which cloud MCP servers a session starts.
  enum CloudServers {
    case none
    case all
    /// Only when no built-in tool has this name (`tools call NAME`).
    case unlessBuiltIn(String)
  }

  /// Opens the store and a session: a new one, or `resume` (an id, or "" for the latest).
  /// `approver` asks the person (default: standard input, showing each call).
  /// `keepsSecrets` keeps the vault's values for `--resume` (chat sessions); one-off commands
  /// leave nothing on disk.
  func open(
    title: String, resume: String? = nil, cloud: CloudServers = .none, approver: (any Approver)? = nil, keepsSecrets: Bool = false
  ) async throws -> Session {
    let rules = try loadRules()
    let store: SQLiteTranscriptStore
    let databasePath = try live.databasePath(option: options.db)
    do {
      store = try await SQLiteTranscriptStore(path: databasePath, now: SystemClock.now)
    } catch {
      throw LandfallFailure.usage("cannot open the transcript database: \(error.description)")
    }
    var sessionID = live.newSessionID()
    var previous: [TranscriptEvent] = []
    do {
      if let resume {
        let sessions = try await store.sessions()
        guard let found = resume.isEmpty ? sessions.last : sessions.first(where: { $0.id == resume }) else {
          throw LandfallFailure.usage(resume.isEmpty ? "there is no session to resume" : "no session \(resume) (see landfall transcripts list)")
        }
        sessionID = found.id
        previous = try await store.events(session: found.id)
      } else {
        try await store.startSession(id: sessionID, title: title)
      }
    } catch let error as SQLiteError {
      throw LandfallFailure.usage("cannot use the transcript database: \(error.description)")
    }
    let vault = SecretVault(backup: keepsSecrets ? LocalVaultBackup(path: live.vaultPath(sessionID: sessionID)) : nil)
    if let path = options.secretsFile { try await loadSecrets(path, into: vault) }
    if resume != nil {
      do {
        _ = try await vault.restore()
      } catch {
        throw LandfallFailure.usage("the session's kept secrets: \(error.description)")
      }
    }
    var live = self.live
    if options.sandbox { live.sandboxState = live.sandboxFolder(option: options.sandboxState, sessionID: sessionID) }
    let flyctl = options.sandbox ? try live.sandboxFlyctl() : live.flyctl
    let appDirectory = options.sandbox && options.appDir == "." ? try live.sandboxAppDirectory() : options.appDir
    let app = options.flyApp ?? appNameFromConfig(appDirectory)
    let hostConnection = live.hostConnection(options: options)
    if options.host == nil, let target = HostConnection.lastTarget(in: previous) { await hostConnection.use(target) }
    let fly = FlyToolSettings(app: app, appDirectory: appDirectory, flyctl: flyctl, files: LocalFileSource())
    let dns = live.dnsResolver(options: options)
    let world = ToolWorld(
      fly: fly, host: hostConnection, commands: live.commandRunner, launcher: live.programLauncher,
      keys: GenerateSSHKeyTool(runner: live.commandRunner, files: LocalFileSource(), sshDirectory: live.sshDirectory),
      scripts: LocalFileWriter(),
      data: DataToolSettings(
        connector: LibPQConnector(), commands: live.commandRunner,
        vmTunnel: VMDatabaseTunnel(
          opener: options.sandbox
            ? FakeHostTunnelOpener { await SandboxDatabases.shared.localPort(forVMPort: $0) } : live.sshConnector(),
          server: { await hostConnection.currentTarget }),
        flyProxy: FlyPostgresProxy(launcher: live.programLauncher, flyctl: flyctl.location)),
      kubectl: options.sandbox ? RecordingKubectl() : ProcessKubectl(runner: live.commandRunner),
      cutover: CutoverSettings(
        connection: hostConnection, resolver: dns.resolver, recursiveServer: dns.recursive, transport: live.httpsTransport(options: options),
        fly: fly, backupDirectory: Path.join(appDirectory, ".landfall/offline"), files: LocalFileWriter(),
        now: { Date().timeIntervalSince1970 }),
      images: options.sandbox ? RecordingDocker() : nil)
    let servers = CloudWiring(options: options, live: live)
    let built: SessionFactory.Session
    do {
      let configuration = ToolRunner.Configuration(
        permissions: SessionPermissions(allowWrites: options.allowWrites, assumeYes: options.yes, maxMonthlyUSD: options.maxMonthlyUsd),
        rules: rules,
        trustedAddresses: options.host.flatMap { SSHTarget.parse($0, identityFile: nil)?.host }.map { [$0] } ?? [],
        trustedKeyPaths: options.identity.map { [$0] } ?? [])
      let factoryCloud: SessionFactory.Cloud
      switch cloud {
      case .none: factoryCloud = .none
      case .all: factoryCloud = .servers(try servers.servers())
      case .unlessBuiltIn(let name): factoryCloud = world.registry().tool(named: name) == nil ? .servers(try servers.servers()) : .none
      }
      built = try await SessionFactory.build(
        world: world, cloud: factoryCloud, configuration: configuration, approver: approver ?? StandardInputApprover(environment: live.environment),
        vault: vault,
        log: live.sandboxCrashPoint(sandbox: options.sandbox).map { CrashingEventLog(store.log(for: sessionID), crashingAt: $0) }
          ?? store.log(for: sessionID),
        secretPrompter: TerminalSecretPrompter(), previous: previous
      ) { registry in
        if options.sandbox { SandboxDatabases.wrappingDataTools(in: &registry, flyStatePath: live.sandboxDirectory() + "/fly-state.json") }
      }
    } catch let error as MCPError {
      throw LandfallFailure(message: error.description, exitCode: 3)
    }
    let runner = built.runner
    return Session(
      runner: runner, store: store, sessionID: sessionID, vault: vault, flyctl: flyctl, appDirectory: appDirectory,
      app: app, previousEvents: previous, servers: built.servers)
  }

  private func loadSecrets(_ path: String, into vault: SecretVault) async throws {
    let text: String
    do {
      text = try LocalFileSource().text(at: path)
    } catch {
      throw LandfallFailure.usage("--secrets-file: \(error.description)")
    }
    let entries: [(name: String, value: String)]
    do {
      entries = try Dotenv.parse(text)
    } catch {
      throw LandfallFailure.usage(error.from(path).description)
    }
    for entry in entries {
      try await vault.store(entry.name, Secret(entry.value), origin: .secretsFile, replacing: true)
    }
  }

  private func loadRules() throws -> PolicyRules {
    let path = options.policy ?? Path.join(options.appDir, ".landfall/policy.toml")
    let files = LocalFileSource()
    guard files.kind(at: path) == .file else {
      if options.policy != nil { throw LandfallFailure.usage("\(path): no such policy file") }
      return PolicyRules()
    }
    do {
      return try PolicyRules.parse(try files.text(at: path))
    } catch let error as InputError {
      throw LandfallFailure.usage(error.from(path).description)
    } catch {
      throw LandfallFailure.usage("\(path): \(error)")
    }
  }

  private func appNameFromConfig(_ directory: String) -> String? {
    try? FlyConfigLoader(files: LocalFileSource()).load(appDirectory: directory, configOverride: nil).config.app
  }
}
