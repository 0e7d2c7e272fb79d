import Foundation
public import LandfallCore
public import LandfallModel
internal import LandfallTransport
internal import LandfallFakes
internal import LandfallFly
internal import LandfallMCP
internal import LandfallSession
internal import LandfallPolicy
internal import LandfallPrompts
internal import LandfallTools

/// Runs a scenario against the fakes (flyctl, the cloud's MCP server over stdio, the VM, DNS,
/// loopback PostgreSQL) with a scripted model and a scripted person, through the same session
/// factory, runner, policy and agent loop as `chat`.
public struct EvalRunner: Sendable {
  private let examplesDirectory: String
  private let landfall: String
  private let path: String

  /// A runner reading the scenarios' apps from `examplesDirectory`; `landfall` is the program
  /// that serves the fake cloud and flyctl (default: `landfall` beside the running program);
  /// `path` is where the world's helper programs (pg_dump) are found.
  public init(examplesDirectory: String, landfall: String? = nil, path: String = EvalRunner.defaultPath) {
    self.examplesDirectory = examplesDirectory
    self.landfall = landfall ?? Self.besideThisProgram()
    self.path = path
  }

  /// The search path when none is given.
  public static let defaultPath = "/usr/local/bin:/usr/bin:/bin"

  /// Runs `body`, then stops the PostgreSQL clusters its runs started, if any, however it ended.
  public static func stoppingDatabases(_ body: () async throws -> Void) async throws {
    do {
      try await body()
    } catch {
      await EvalDatabases.shared.stop()
      throw error
    }
    await EvalDatabases.shared.stop()
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
    for secret in scenario.personSecrets {
      do {
        try await vault.store(secret.name, Secret(secret.value), origin: .person)
      } catch {
        return .failed(scenario, "secrets.\(secret.name): \(error)")
      }
    }
    let appDirectory = examplesDirectory + "/" + scenario.app
    let files = LocalFileSource()
    guard files.kind(at: appDirectory + "/fly.toml") == .file else { return .failed(scenario, "no sample app at \(appDirectory)") }
    let appName = (try? FlyConfigLoader(files: files).load(appDirectory: appDirectory, configOverride: nil).config.app) ?? scenario.app
    var ports: (source: Int, target: Int)?
    if let postgres = scenario.faults["postgres"] {
      do {
        ports = try await EvalDatabases.shared.fresh(rows: postgres["rows"]?.intValue ?? 300)
      } catch {
        return .failed(scenario, error.description)
      }
    }
    let run = await run(scenario, appName: appName, appDirectory: appDirectory, databases: ports, log: log, vault: vault,
      replaying: recording, liveModel: liveModel, approver: approver, watch: watch)
    if ports != nil { await EvalDatabases.shared.release() }
    return run
  }

  private func run(
    _ scenario: Scenario, appName: String, appDirectory: String, databases ports: (source: Int, target: Int)?, log: InMemoryEventLog,
    vault: SecretVault, replaying recording: [TranscriptEvent]?, liveModel: (any LLMClient, AgentSettings)?, approver: (any Approver)?,
    watch: (@Sendable (Agent, ToolRunner, SecretVault) async -> Void)?
  ) async -> EvalRun {
    let files = LocalFileSource()
    let world: EvalWorld
    do {
      world = try EvalWorld.make(scenario, appName: appName, appDirectory: appDirectory, landfall: landfall, path: path, databases: ports)
    } catch {
      return .failed(scenario, "cannot set up the fake world: \(error)")
    }
    defer { world.remove() }
    let inventory = try? await InventoryBuilder(files: files, survey: FlyAppSurvey(flyctl: world.tools.fly.flyctl)).build(appDirectory: appDirectory)
    let configuration = ToolRunner.Configuration(
      permissions: SessionPermissions(allowWrites: scenario.allowWrites, assumeYes: scenario.assumeYes, maxMonthlyUSD: scenario.maxMonthlyUSD),
      app: AppProfile(inventory: inventory))
    let lateWrite = scenario.faults["lateSourceWrite"]?.stringValue
    let session: SessionFactory.Session
    do {
      session = try await SessionFactory.build(
        world: world.tools, cloud: .servers(world.cloud), configuration: configuration,
        approver: approver ?? ScriptedApprover(scenario.approvals), vault: vault, log: log
      ) { registry in
        guard let writeLate = lateWrite.map(Self.lateWrite), let copy = registry.tool(named: "data_copy") else { return }
        registry.add([ToolAround(copy, after: writeLate)])
      }
    } catch {
      return .failed(scenario, "the fake cloud did not start: \(error.description)")
    }
    let runner = session.runner
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
      await session.stopServers()
      return EvalRun(
        scenario: scenario, events: await log.events, requests: [], cloud: world.snapshot, effects: [:], outcomes: [],
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
    await session.stopServers()
    var requests = await scripted.requests
    if let replay { requests = await replay.requests }
    if let live { requests = await live.requests }
    let events = await log.events
    var run = EvalRun(
      scenario: scenario, events: events, requests: requests, cloud: world.snapshot,
      effects: Dictionary(uniqueKeysWithValues: session.specs.map { ($0.name, $0.effect) }),
      billable: Dictionary(uniqueKeysWithValues: session.specs.filter(\.billable).map { ($0.name, $0.pricedBy ?? "") }),
      outcomes: outcomes, failure: failure, canaries: (SampleWorld.canaries + SampleWorld.multiGroupCanaries).map(\.value), storedBytes: await StoredTranscript.bytes(of: events))
    run.dataVerificationRequired = inventory?.keepsData ?? true
    run.releaseCommandRequired = AppProfile(inventory: inventory).hasReleaseCommand
    return run
  }

  /// A fault for the evals, a writer the freeze missed: right after a final copy succeeds, `sql`
  /// lands on the source database as a Machine that kept running would write it.
  static func lateWrite(_ sql: String) -> @Sendable (JSONValue, ToolOutput) async throws(ToolFailure) -> Void {
    { arguments, output throws(ToolFailure) in
      guard arguments["final"]?.boolValue == true, !output.isError else { return }
      do throws(EvalDatabases.Unavailable) {
        try await EvalDatabases.shared.writeToSource(sql)
      } catch {
        throw .failed(error.description)
      }
    }
  }

  /// `landfall` in the folder of the running program (the build folder, for tests).
  static func besideThisProgram() -> String {
    let running = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    return running.deletingLastPathComponent().appendingPathComponent("landfall").path
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
