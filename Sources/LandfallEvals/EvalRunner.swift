import Foundation
public import LandfallCore
public import LandfallModel
internal import LandfallTransport
internal import LandfallFakes
internal import LandfallFly
internal import LandfallMCP
internal import LandfallPolicy
internal import LandfallPrompts
internal import LandfallTools

/// Runs a scenario against the fakes (flyctl, cloud, host) with a scripted model and a scripted
/// person, through the real runner, policy and agent loop.
public struct EvalRunner: Sendable {
  private let examplesDirectory: String

  /// A runner reading the scenarios' apps from `examplesDirectory`.
  public init(examplesDirectory: String) {
    self.examplesDirectory = examplesDirectory
  }

  /// Runs `scenario` once: with its scripted model, with the model answers recorded in
  /// `recording` (a replay), or with `liveModel` (a real endpoint, and its settings).
  public func run(
    _ scenario: Scenario, replaying recording: [TranscriptEvent]? = nil, liveModel: (any LLMClient, AgentSettings)? = nil,
    approver: (any Approver)? = nil, watch: (@Sendable (Agent, ToolRunner, SecretVault) async -> Void)? = nil
  ) async -> EvalRun {
    let log = InMemoryEventLog()
    _ = try? await log.append(.sessionStart, [("scenario", .string(scenario.id)), ("app", .string(scenario.app))])
    let vault = SecretVault()
    let appDirectory = examplesDirectory + "/" + scenario.app
    let files = LocalFileSource()
    guard files.kind(at: appDirectory + "/fly.toml") == .file else {
      return EvalRun(
        scenario: scenario, events: [], requests: [], cloud: .object([]), effects: [:], outcomes: [],
        failure: "no sample app at \(appDirectory)", canaries: [])
    }
    let appName = (try? FlyConfigLoader(files: files).load(appDirectory: appDirectory, configOverride: nil).config.app) ?? scenario.app
    var fly = scenario.app == "notes" ? SampleWorld.flyState : FakeFlyState(apps: [.init(name: appName, machines: [.init(id: "m1")])])
    fly.loggedIn = scenario.flyLoggedIn
    let flyctl = FlyctlClient(runner: FakeFlyctlCommandRunner(state: fly), location: FlyctlLocation(executable: "flyctl"))
    let cloud = FakeCloud(allowWrites: scenario.allowWrites, services: ["compute", "storage", "networking", "kubernetes", "dns"])
    var registry = ToolRegistry()
    let flySettings = FlyToolSettings(app: appName, appDirectory: appDirectory, flyctl: flyctl, files: files)
    BuiltinTools.register(into: &registry, fly: flySettings, scripts: RecordingFileWriter())
    let definitions = await cloud.tools()
    let catalogue = CostCatalogue(toolNames: definitions.map(\.name))
    let keys = InMemoryPrivateKeyStore(directory: "/home/owner/.ssh")
    for definition in definitions {
      let tool = ProviderTool(
        provider: cloud, definition: definition, crashOn: scenario.faults["cloudCrashOn"]?.stringValue,
        injected: scenario.faults["toolResultAttack"]?[definition.name]?.stringValue,
        pricing: catalogue.pricing(for: definition.name, effect: definition.effect), keys: keys)
      registry.add([tool], phases: MCPToolset.phases(for: definition.name, readOnly: definition.readOnly))
    }
    let fakeHost = FakeHost(files: Self.hostFiles(scenario.faults["hostFiles"]), resolve: { await cloud.resolve($0) })
    let connector: any SSHConnector = scenario.faults["hostKeyChanged"]?.boolValue == true
      ? ChangedHostKeyConnector() : FakeHostConnector(host: fakeHost)
    let host = HostConnection(connector: connector, target: nil)
    for tool in HostTools.all(host, appDirectory: appDirectory, runner: ScriptedCommandRunner(answers: [:]), fly: flySettings) {
      registry.add([tool], phases: HostTools.phases(for: tool.spec.name))
    }
    let dns = FakeDNSResolver(previous: Self.previousDNS(scenario.faults["previousDNS"]), hosted: { await cloud.hostsZone($0) }) {
      await cloud.resolve($0)
    }
    let cutover = CutoverSettings(
      connection: host, resolver: dns, recursiveServer: DNSServer(host: "127.0.0.53"),
      transport: FakeHTTPSTransport(now: 1_800_000_000) { await fakeHost.servesCertificate(for: $0) }, fly: flySettings,
      backupDirectory: "/home/owner/app/.landfall/offline", files: RecordingFileWriter(), now: { 1_800_000_000 })
    for entry in CutoverTools.all(cutover) { registry.add([entry.tool], phases: entry.phases) }
    let inventory = try? await InventoryBuilder(files: files, survey: FlyAppSurvey(flyctl: flyctl)).build(appDirectory: appDirectory)
    let runner = ToolRunner(
      registry: registry,
      configuration: .init(
        permissions: SessionPermissions(allowWrites: scenario.allowWrites, assumeYes: scenario.assumeYes, maxMonthlyUSD: scenario.maxMonthlyUSD),
        dataVerificationRequired: inventory?.keepsData ?? true),
      approver: approver ?? ScriptedApprover(scenario.approvals), vault: vault, log: log)
    let scripted = ScriptedLLMClient(scenario.turns.flatMap(\.model).map(Self.step))
    let replay = recording.map { ReplayLLMClient(events: $0) }
    let live = liveModel.map { RecordingLLMClient($0.0) }
    let llm: any LLMClient
    if let live {
      llm = live
    } else if let replay {
      llm = replay
    } else {
      llm = scripted
    }
    let system = (try? PromptLibrary.system(PromptFacts(inventory: inventory))) ?? "You migrate apps."
    let agent = Agent(llm: llm, runner: runner, log: log, vault: vault, systemPrompt: system, settings: liveModel?.1 ?? AgentSettings(model: "scripted"))
    var outcomes: [String] = []
    var failure: String?
    if let watch {
      await watch(agent, runner, vault)
      return EvalRun(
        scenario: scenario, events: await log.events, requests: [], cloud: await cloud.snapshot, effects: [:], outcomes: [],
        failure: nil, canaries: [])
    }
    for turn in scenario.turns {
      do throws(AgentError) {
        let outcome = try await agent.send(turn.message, phase: turn.phase) { _ in }
        switch outcome {
        case .answered: outcomes.append("answered")
        case .stepLimitReached: outcomes.append("step_limit")
        }
      } catch {
        failure = error.description
        outcomes.append("error")
        break
      }
    }
    var requests = await scripted.requests
    if let replay { requests = await replay.requests }
    if let live { requests = await live.requests }
    let events = await log.events
    var run = EvalRun(
      scenario: scenario, events: events, requests: requests, cloud: await cloud.snapshot,
      effects: Dictionary(uniqueKeysWithValues: registry.specs.map { ($0.name, $0.effect) }),
      billable: Dictionary(uniqueKeysWithValues: registry.specs.filter(\.billable).map { ($0.name, $0.pricedBy ?? "") }),
      outcomes: outcomes, failure: failure, canaries: SampleWorld.canaries.map(\.value), storedBytes: await StoredTranscript.bytes(of: events))
    run.dataVerificationRequired = inventory?.keepsData ?? true
    return run
  }

  /// The files a scenario plants on the host, from `faults.hostFiles` (path to text).
  static func hostFiles(_ json: JSONValue?) -> [String: String] {
    Dictionary((json?.objectValue ?? []).compactMap { entry in entry.value.stringValue.map { (entry.key, $0) } }) { first, _ in first }
  }

  /// The domain as another DNS provider serves it before the cutover, from `faults.previousDNS`
  /// (`name`, `addresses`, `ttl`).
  static func previousDNS(_ json: JSONValue?) -> FakeDNSResolver.PreviousRecords? {
    guard let name = json?["name"]?.stringValue else { return nil }
    let addresses = (json?["addresses"]?.arrayValue ?? []).compactMap(\.stringValue)
    return FakeDNSResolver.PreviousRecords(name: name, addresses: addresses, ttl: UInt32(clamping: json?["ttl"]?.intValue ?? 3_600))
  }

  static func step(_ json: JSONValue) -> Result<CompletionResponse, LLMError> {
    if let name = json["call"]?.stringValue {
      return .success(CompletionResponse(text: json["say"]?.stringValue ?? "", toolCalls: [
        ToolCall(id: json["id"]?.stringValue ?? "call-\(name)", name: name, arguments: json["arguments"] ?? .object([])),
      ]))
    }
    return .success(CompletionResponse(text: json["say"]?.stringValue ?? "", usage: TokenUsage(input: 0, output: 0)))
  }
}

/// A VM whose host key is not the pinned one: every connection is refused, as the live connector
/// refuses it.
struct ChangedHostKeyConnector: SSHConnector {
  func connect(to target: SSHTarget) async throws(SSHError) -> any SSHSession {
    throw .hostKeyChanged(host: target.host, expected: "SHA256:pinnedKeyFromTheFirstConnection", actual: "SHA256:aDifferentKeyOfferedNow")
  }

  func hostKey(of target: SSHTarget) async throws(SSHError) -> SSHHostKey {
    SSHHostKey(type: "ssh-ed25519", fingerprint: "SHA256:aDifferentKeyOfferedNow", standing: .changed(pinned: "SHA256:pinnedKeyFromTheFirstConnection"))
  }
}
