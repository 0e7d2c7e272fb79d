import Foundation
import LandfallCore
import LandfallFakes
import LandfallFly
import LandfallTools
import LandfallTransport

/// Builds the live adapters from the process environment; the only place that reads it.
struct LiveWiring {
  let environment: [String: String]
  /// The sandbox's own folder for this session (`nil`: the shared one under the data folder).
  var sandboxState: String?

  init(environment: [String: String] = ProcessInfo.processInfo.environment) {
    self.environment = environment
  }

  /// Where programs are looked up: `PATH`.
  var searchPath: String {
    environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
  }

  var commandRunner: ProcessCommandRunner {
    ProcessCommandRunner(path: searchPath, environment: environment)
  }

  /// `LANDFALL_FLYCTL`, else `flyctl` on PATH, else `fly` on PATH.
  var flyctlLocation: FlyctlLocation {
    if let configured = environment["LANDFALL_FLYCTL"], !configured.isEmpty {
      return FlyctlLocation(executable: configured)
    }
    let path = (environment["PATH"] ?? "").split(separator: ":").map(String.init)
    for name in ["flyctl", "fly"] where path.contains(where: { FileManager.default.isExecutableFile(atPath: "\($0)/\(name)") }) {
      return FlyctlLocation(executable: name)
    }
    return FlyctlLocation(executable: "flyctl")
  }

  var flyctl: FlyctlClient {
    FlyctlClient(runner: commandRunner, location: flyctlLocation)
  }

  /// This program, for spawning its own fakes.
  var selfPath: String {
    RunningProgram.path
  }

  /// flyctl answered by the fake, over the sandbox's Fly world (created on first use).
  func sandboxFlyctl() throws -> FlyctlClient {
    let directory = sandboxDirectory()
    let state = directory + "/fly-state.json"
    if !FileManager.default.fileExists(atPath: state) {
      do {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try FakeFlyStateFile(path: state).save(SampleWorld.flyState)
      } catch {
        throw LandfallFailure.usage("cannot create the sandbox at \(directory): \(error)")
      }
    }
    return FlyctlClient(
      runner: commandRunner,
      location: FlyctlLocation(executable: selfPath, prefixArguments: ["fake", "flyctl", "--state", state, "--"]))
  }

  func sandboxDirectory() -> String {
    sandboxState ?? (dataHome() + "/sandbox")
  }

  /// The sandbox folder of session `id`: `option` when given, else one per session.
  func sandboxFolder(option: String?, sessionID id: String) -> String {
    option ?? (dataHome() + "/sandbox/sessions/" + id)
  }

  /// The sandbox's copy of the sample app, written on first use.
  func sandboxAppDirectory() throws -> String {
    let directory = sandboxDirectory() + "/app"
    do {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
      for file in SampleWorld.appFiles where !FileManager.default.fileExists(atPath: directory + "/" + file.path) {
        try Data(file.text.utf8).write(to: URL(fileURLWithPath: directory + "/" + file.path))
      }
    } catch {
      throw LandfallFailure.usage("cannot create the sandbox app at \(directory): \(error)")
    }
    return directory
  }

  /// Where session `id` keeps its vault's values for `--resume` (0600, in a 0700 folder).
  func vaultPath(sessionID id: String) -> String {
    dataHome() + "/vaults/" + id + ".json"
  }

  /// In the sandbox only, `LANDFALL_SANDBOX_CRASH_BEFORE=KIND:COUNT` kills the session just
  /// before that event is written, for crash-and-resume tests of whole processes.
  func sandboxCrashPoint(sandbox: Bool) -> CrashingEventLog.Point? {
    guard sandbox, let text = environment["LANDFALL_SANDBOX_CRASH_BEFORE"] else { return nil }
    return CrashingEventLog.Point(text)
  }

  /// `--db`, else `LANDFALL_DB`, else `$XDG_DATA_HOME/landfall/landfall.db`; the folder is created.
  func databasePath(option: String?) throws -> String {
    let path = option ?? environment["LANDFALL_DB"] ?? (dataHome() + "/landfall.db")
    let directory = (path as NSString).deletingLastPathComponent
    if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
      do {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
      } catch {
        throw LandfallFailure.usage("cannot create \(directory) for the transcript database: \(error.localizedDescription)")
      }
    }
    return path
  }

  private func dataHome() -> String {
    let base = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
      ?? ((environment["HOME"] ?? NSTemporaryDirectory()) + "/.local/share")
    return base + "/landfall"
  }

  /// `$XDG_CONFIG_HOME/landfall`, else `~/.config/landfall`.
  func configHome() -> String {
    let base = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
      ?? ((environment["HOME"] ?? NSTemporaryDirectory()) + "/.config")
    return base + "/landfall"
  }

  /// The log of MCP servers' messages, `landfall.log` in the data folder.
  func logFile() -> LogFile {
    let directory = dataHome()
    guard (try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)) != nil else {
      return LogFile(path: nil)
    }
    return LogFile(path: directory + "/landfall.log")
  }

  /// Where generated SSH keys go: `~/.ssh`, or the sandbox's own `ssh` folder.
  var sshDirectory: String {
    if let sandboxState { return sandboxState + "/ssh" }
    return (environment["HOME"] ?? NSTemporaryDirectory()) + "/.ssh"
  }

  /// The connection the host tools use: the sandbox's fake VM, or SSH (to `--host`, or to the
  /// VM named later with host_connect), pinning host keys in `~/.config/landfall/known_hosts`.
  func hostConnection(options: SessionOptions) -> HostConnection {
    if options.sandbox {
      try? FileManager.default.createDirectory(atPath: sandboxDirectory(), withIntermediateDirectories: true)
      let resolve = sandboxDNS()
      let host = FakeHost(statePath: sandboxDirectory() + "/host.json", resolve: { resolve($0) })
      return HostConnection(connector: FakeHostConnector(host: host), target: nil)
    }
    return HostConnection(connector: sshConnector(), target: options.host.flatMap { SSHTarget.parse($0, identityFile: options.identity) })
  }

  /// The SSH connector for real servers: host keys pinned in Landfall's known_hosts.
  func sshConnector() -> LibSSH2Connector {
    LibSSH2Connector(
      knownHostsPath: configHome() + "/known_hosts", passphrase: TerminalSecretPrompter(), agentSocket: environment["SSH_AUTH_SOCK"]
    ) { notice in
      FileHandle.standardError.writeText("landfall: \(TerminalSafeText.visible(notice))\n")
    }
  }

  /// Starts helper programs (flyctl proxy, flyctl ssh console) found on PATH.
  var programLauncher: ProcessProgramLauncher {
    ProcessProgramLauncher(path: environment["PATH"] ?? "/usr/bin:/bin", environment: environment)
  }

  /// What a domain resolves to in the sandbox: the zones in the state file its fake cloud keeps.
  func sandboxDNS() -> @Sendable (String) -> [DNSRecord] {
    let path = sandboxDirectory() + "/cloud.json"
    return { domain in (try? FakeCloudState.load(path: path))?.resolve(domain) ?? [] }
  }

  /// HTTPS from this machine: in the sandbox, the fake host's certificates answer; otherwise libcurl.
  func httpsTransport(options: SessionOptions) -> any HTTPTransport {
    guard options.sandbox else { return CurlHTTPTransport() }
    let host = FakeHost(statePath: sandboxDirectory() + "/host.json")
    return FakeHTTPSTransport(now: Date().timeIntervalSince1970) { await host.servesCertificate(for: $0) }
  }

  /// The DNS resolver of the session: the sandbox cloud's zones, or real DNS over the network.
  func dnsResolver(options: SessionOptions) -> (resolver: any DNSResolver, recursive: DNSServer) {
    if options.sandbox {
      let resolve = sandboxDNS()
      let path = sandboxDirectory() + "/cloud.json"
      let hosted: @Sendable (String) -> Bool = { zone in (try? FakeCloudState.load(path: path))?.hostsZone(zone) ?? false }
      return (FakeDNSResolver(previous: SampleWorld.previousDNS, hosted: { hosted($0) }) { resolve($0) }, DNSServer(host: "127.0.0.53"))
    }
    return (SocketDNSResolver(), ResolvConf.systemNameserver() ?? DNSServer(host: "1.1.1.1"))
  }

  /// The REPL's history file under the data folder.
  func historyPath() -> String? {
    let directory = dataHome()
    guard (try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)) != nil else {
      return nil
    }
    return directory + "/history"
  }

  func newSessionID() -> String {
    let stamp = Int(Date().timeIntervalSince1970)
    return "s\(stamp)-\(UUID().uuidString.prefix(8).lowercased())"
  }
}
