import ArgumentParser
import Dispatch
import Foundation
import LandfallCore
import LandfallFly
import LandfallLLM
import LandfallModel
import LandfallPolicy
import LandfallPrompts
import LandfallTransport

struct ChatCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "chat", abstract: "Migrate the app in conversation with a model, phase by phase.")

  @OptionGroup var session: SessionOptions
  @OptionGroup var modelOptions: ModelOptions
  @Option(help: "Start in this phase (1-7; default 1, or where a resumed session was).") var phase: Int?
  @Option(help: "Send this message first.") var prompt: String?
  @Flag(help: "Send one message (--phase's prompt or --prompt), run until the model answers, and exit.") var once = false
  @Option(help: "Continue a session (its id; the latest when given without one).") var resume: String?

  func validate() throws {
    if let phase, MigrationPhase(rawValue: phase) == nil { throw ValidationError("--phase must be 1 to 7") }
  }

  func run() async throws {
    let live = LiveWiring()
    let wiring = ChatWiring(command: self, live: live)
    try wiring.checkAppDirectory()
    let endpoint = try modelOptions.endpoint(environment: live.environment)
    let settings = try modelOptions.settings(environment: live.environment)
    let output = wiring.output()
    let approver = StandardInputApprover(showsCall: false, environment: live.environment, beforeAsking: { output.status(nil) })
    output.status(session.sandbox ? "starting the sandbox's cloud server" : "starting the cloud's MCP servers")
    let opened: SessionWiring.Session
    do {
      opened = try await SessionWiring(options: session, live: live).open(title: "chat", resume: resume, cloud: .all, approver: approver, keepsSecrets: true)
    } catch {
      output.status(nil)
      throw error
    }
    output.status(nil)
    if let key = endpoint.apiKey { await opened.vault.redactOnly("LLM_API_KEY", key) }
    let inventory = await wiring.inventory(opened)
    await opened.runner.learnApp(AppProfile(inventory: inventory))
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
    let llm = LLMClients.client(
      for: endpoint, transport: CurlHTTPTransport(),
      onWait: { output.status("the model endpoint did not answer or asked to wait; retrying in \($0) s", countsSeconds: false) })
    let agent = Agent(
      llm: llm, runner: opened.runner,
      log: opened.store.log(for: opened.sessionID), vault: opened.vault, systemPrompt: system,
      settings: settings, messages: restored.messages, state: state)
    let interactive = isatty(0) == 1 && !once
    let input: any LineInput = interactive ? EditLineInput(historyPath: live.historyPath()) : PipeLineInput()
    let startPhase = phase.flatMap(MigrationPhase.init(rawValue:)) ?? state.phase ?? .inventory
    let repl = ChatREPL(
      agent: agent,
      context: .init(
        input: input, output: output, runner: opened.runner, vault: opened.vault, secretPrompter: TerminalSecretPrompter(),
        sessionID: opened.sessionID, phasePrompt: { (try? PromptLibrary.phase($0, facts)) ?? "Continue with phase \($0.rawValue)." },
        banner: wiring.banner(opened, endpoint: endpoint, settings: settings, app: state.app)),
      phase: startPhase)
    let interrupts = Self.trapInterrupts { Task { await repl.interrupt() } }
    TerminalModeGuard.install()
    defer { interrupts.cancel() }
    let first = prompt ?? (once || resume == nil ? try? PromptLibrary.phase(startPhase, facts) : nil)
    if !once { await repl.showBanner() }
    if let first { await repl.send(first) }
    if once {
      await opened.stopServers()
      let unanswered = await approver.unanswered
      if await repl.lastError == nil, !unanswered.isEmpty {
        throw LandfallFailure.failed(
          "\(unanswered.joined(separator: ", ")) needed approval and was declined: there was no terminal to ask; run in a terminal, pass --yes for routine changes, or pipe y/n answers")
      }
      try Self.exit(for: await repl.lastError, outcome: await repl.lastOutcome)
      return
    }
    await repl.run(showingBanner: false)
    await opened.stopServers()
  }

  /// `arguments` where a `chat --resume` with no id after it asks for the latest session
  /// (an empty id), which the parser cannot express by itself.
  static func allowingBareResume(_ arguments: [String]) -> [String] {
    guard arguments.first == "chat" else { return arguments }
    var result: [String] = []
    for (index, argument) in arguments.enumerated() {
      result.append(argument)
      guard argument == "--resume" else { continue }
      let next: String? = arguments.indices.contains(index + 1) ? arguments[index + 1] : nil
      if next == nil || next?.hasPrefix("-") == true { result.append("") }
    }
    return result
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
