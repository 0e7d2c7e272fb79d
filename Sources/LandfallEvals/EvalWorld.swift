import Foundation
internal import LandfallCore
internal import LandfallData
internal import LandfallFakes
internal import LandfallFly
internal import LandfallMCP
internal import LandfallModel
internal import LandfallSession
internal import LandfallTools
internal import LandfallTransport

/// The fake world one eval run talks to, in a scratch folder of its own: flyctl, the VM, DNS
/// and HTTPS in process; the cloud as the fake American Cloud MCP server over stdio, reached by
/// the same client code as the real one; PostgreSQL as two loopback clusters when the scenario
/// moves data.
struct EvalWorld {
  let folder: String
  let cloudStatePath: String
  let tools: ToolWorld
  let cloud: CloudServers
  let flyRunner: FakeFlyctlCommandRunner

  /// The world for `scenario`'s app at `appDirectory`, finding helper programs on `path`;
  /// `databases` are the clusters' ports when the scenario moves data.
  static func make(
    _ scenario: Scenario, appName: String, appDirectory: String, landfall: String, path: String, databases: (source: Int, target: Int)?
  ) throws -> EvalWorld {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("landfall-eval-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    var fly = SampleWorld.flyState.app(named: appName) != nil
      ? SampleWorld.flyState : FakeFlyState(apps: [.init(name: appName, machines: [.init(id: "m1")])])
    fly.loggedIn = scenario.flyLoggedIn
    if let databases, let index = fly.apps.firstIndex(where: \.postgres) {
      fly.apps[index].proxyTarget = "127.0.0.1:\(databases.source)"
      fly.apps[index].proxyDropAfterBytes = scenario.faults["proxyDropAfterBytes"]?.intValue
    }
    let flyStatePath = folder + "/fly-state.json"
    try FakeFlyStateFile(path: flyStatePath).save(fly)
    let flyRunner = FakeFlyctlCommandRunner(state: fly)
    let flyctl = FlyctlClient(runner: flyRunner, location: FlyctlLocation(executable: "flyctl"))
    let subprocessFlyctl = FlyctlLocation(executable: landfall, prefixArguments: ["fake", "flyctl", "--state", flyStatePath, "--"])
    let files = LocalFileSource()
    let settings = FlyToolSettings(app: appName, appDirectory: appDirectory, flyctl: flyctl, files: files)
    let cloudStatePath = folder + "/cloud.json"
    let observer = FakeCloud(allowWrites: false, statePath: cloudStatePath)
    let fakeHost = FakeHost(files: EvalRunner.hostFiles(scenario.faults["hostFiles"]), resolve: { await observer.resolve($0) })
    let connector: any SSHConnector = scenario.faults["hostKeyChanged"]?.boolValue == true
      ? ChangedHostKeyConnector() : FakeHostConnector(host: fakeHost)
    let host = HostConnection(connector: connector, target: nil)
    let launcher = ProcessProgramLauncher(path: path)
    let data = DataToolSettings(
      connector: LibPQConnector(), commands: ProcessCommandRunner(path: path), jobs: 1,
      vmTunnel: VMDatabaseTunnel(opener: FakeHostTunnelOpener(ports: databases.map { [5432: $0.target] } ?? [:])) {
        await host.currentTarget
      },
      flyProxy: FlyPostgresProxy(launcher: launcher, flyctl: subprocessFlyctl))
    let dns = FakeDNSResolver(previous: EvalRunner.previousDNS(scenario.faults["previousDNS"]), hosted: { await observer.hostsZone($0) }) {
      await observer.resolve($0)
    }
    let cutover = CutoverSettings(
      connection: host, resolver: dns, recursiveServer: DNSServer(host: "127.0.0.53"),
      transport: FakeHTTPSTransport(now: 1_800_000_000) { await fakeHost.servesCertificate(for: $0) }, fly: settings,
      backupDirectory: "/home/owner/app/.landfall/offline", files: RecordingFileWriter(), now: { 1_800_000_000 })
    let tools = ToolWorld(
      fly: settings, host: host, commands: Self.committedCode, launcher: nil, keys: nil, scripts: RecordingFileWriter(),
      data: data, kubectl: RecordingKubectl(), cutover: cutover, images: RecordingDocker())
    var arguments = ["fake", "cloud-mcp", "--services", "compute,storage,networking,kubernetes,dns", "--state", cloudStatePath]
    if scenario.allowWrites { arguments.append("--allow-writes") }
    var environment: [String: String] = [:]
    if let crash = scenario.faults["cloudCrashOn"]?.stringValue { environment["LANDFALL_FAKE_CLOUD_EXIT_ON"] = crash }
    if let attack = scenario.faults["toolResultAttack"] { environment["LANDFALL_FAKE_CLOUD_TAMPER"] = JSONWriter.string(attack) }
    let cloud = CloudServers(
      configs: [MCPServerConfig(name: "americancloud", command: landfall, arguments: arguments, environment: environment)],
      searchPath: path, keys: InMemoryPrivateKeyStore(directory: "/home/owner/.ssh")) { _ in }
    return EvalWorld(folder: folder, cloudStatePath: cloudStatePath, tools: tools, cloud: cloud, flyRunner: flyRunner)
  }

  /// This machine's programs for the host tools: `git archive` of the app answers a small
  /// archive (the sample apps are not repositories of their own).
  static let committedCode = ScriptedCommandRunner(
    answers: [:], fallback: .success(CommandResult(exitCode: 0, standardOutput: "bGFuZGZhbGwgc2FtcGxlIGFwcAo=\n", standardError: "")))

  /// The cloud's state now, as the fake server keeps it.
  var snapshot: JSONValue {
    (try? FakeCloudState.load(path: cloudStatePath))?.json ?? .object([])
  }

  /// Removes the scratch folder.
  func remove() {
    try? FileManager.default.removeItem(atPath: folder)
  }
}
