import ArgumentParser
import Dispatch
import Foundation
import LandfallCore
import LandfallFly
import LandfallLLM
import LandfallModel
import LandfallPrompts
import LandfallTransport

struct ChatCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "chat", abstract: "Migrate the app in conversation with a model, phase by phase.")

  @OptionGroup var session: SessionOptions
  @OptionGroup var modelOptions: ModelOptions
  @Option(help: "Start in this phase (1-7).") var phase: Int = 1
  @Option(help: "Send this message first.") var prompt: String?
  @Flag(help: "Send one message (--phase's prompt or --prompt), run until the model answers, and exit.") var once = false
  @Option(help: "Continue a session (its id; the latest when given as \"\").") var resume: String?

  func validate() throws {
    guard MigrationPhase(rawValue: phase) != nil else { throw ValidationError("--phase must be 1 to 7") }
  }

  func run() async throws {
    let live = LiveWiring()
    let wiring = ChatWiring(command: self, live: live)
    let endpoint = try modelOptions.endpoint(environment: live.environment)
    let settings = try modelOptions.settings(environment: live.environment)
    let opened = try await SessionWiring(options: session, live: live).open(title: "chat", resume: resume, cloud: .all)
    if let key = endpoint.apiKey { await opened.vault.redactOnly("LLM_API_KEY", key) }
    let inventory = await wiring.inventory(opened)
    await opened.runner.appKeepsData(inventory?.keepsData ?? true)
    let facts = PromptFacts(inventory: inventory)
    let system: String
    do {
      system = try PromptLibrary.system(facts)
    } catch {
      throw LandfallFailure.usage("\(error)")
    }
    let restored = TranscriptResume.restore(opened.previousEvents)
    var state = restored.state
    state.app = state.app ?? inventory?.app
    state.target = state.target ?? inventory.map { $0.target.rawValue }
    let agent = Agent(
      llm: LLMClients.client(for: endpoint, transport: CurlHTTPTransport()), runner: opened.runner,
      log: opened.store.log(for: opened.sessionID), vault: opened.vault, systemPrompt: system,
      settings: settings, messages: restored.messages, state: state)
    let interactive = isatty(0) == 1 && !once
    let output = TerminalOutput(colour: isatty(2) == 1 && (live.environment["NO_COLOR"] ?? "").isEmpty)
    let input: any LineInput = interactive ? EditLineInput(historyPath: live.historyPath()) : PipeLineInput()
    let startPhase = MigrationPhase(rawValue: phase) ?? .inventory
    let repl = ChatREPL(
      agent: agent,
      context: .init(
        input: input, output: output, runner: opened.runner, vault: opened.vault, secretPrompter: TerminalSecretPrompter(),
        sessionID: opened.sessionID, phasePrompt: { (try? PromptLibrary.phase($0, facts)) ?? "Continue with phase \($0.rawValue)." }),
      phase: startPhase)
    let interrupts = Self.trapInterrupts { Task { await repl.interrupt() } }
    defer { interrupts.cancel() }
    let first = prompt ?? (once || resume == nil ? try? PromptLibrary.phase(startPhase, facts) : nil)
    if let first { await repl.send(first) }
    if once {
      await opened.stopServers()
      try Self.exit(for: await repl.lastError, outcome: await repl.lastOutcome)
      return
    }
    await repl.run()
    await opened.stopServers()
  }

  static func trapInterrupts(_ handler: @escaping @Sendable () -> Void) -> any DispatchSourceSignal {
    signal(SIGINT, SIG_IGN)
    let source = DispatchSource.makeSignalSource(signal: SIGINT)
    source.setEventHandler(handler: handler)
    source.resume()
    return source
  }

  static func exit(for error: AgentError?, outcome: TurnOutcome?) throws {
    switch error {
    case nil:
      if case .stepLimitReached? = outcome { throw ExitCode(1) }
    case .model(.unreachable)?, .dependencyUnavailable?: throw ExitCode(3)
    case .model(.unauthorized)?: throw ExitCode(2)
    case .cancelled?: throw ExitCode(130)
    default: throw ExitCode(1)
    }
  }
}
