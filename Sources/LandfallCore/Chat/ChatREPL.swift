public import LandfallModel

/// The conversation loop around an `Agent`: reads lines, handles slash commands, sends the rest
/// to the model, and shows streamed answers and tool activity.
public actor ChatREPL {
  /// Everything the REPL needs besides the agent.
  public struct Context: Sendable {
    public var input: any LineInput
    public var output: any ChatOutput
    public var runner: ToolRunner
    public var vault: SecretVault
    public var secretPrompter: (any SecretPrompter)?
    public var sessionID: String
    /// The opening message of a phase.
    public var phasePrompt: @Sendable (MigrationPhase) -> String
    /// What the session runs against, shown first (`nil`: a one-line greeting).
    public var banner: ChatBanner?

    /// Creates a context.
    public init(
      input: any LineInput, output: any ChatOutput, runner: ToolRunner, vault: SecretVault,
      secretPrompter: (any SecretPrompter)?, sessionID: String, phasePrompt: @escaping @Sendable (MigrationPhase) -> String,
      banner: ChatBanner? = nil
    ) {
      self.banner = banner
      self.input = input
      self.output = output
      self.runner = runner
      self.vault = vault
      self.secretPrompter = secretPrompter
      self.sessionID = sessionID
      self.phasePrompt = phasePrompt
    }
  }

  private let agent: Agent
  private let context: Context
  private var phase: MigrationPhase
  private var turn: Task<Void, Never>?
  /// The last error that ended a turn, for the exit code of `--once`.
  public private(set) var lastError: AgentError?
  public private(set) var lastOutcome: TurnOutcome?

  /// A REPL over `agent`, starting in `phase`.
  public init(agent: Agent, context: Context, phase: MigrationPhase) {
    self.agent = agent
    self.context = context
    self.phase = phase
  }

  /// Reads and handles lines until `/quit` or end of input, then says how to resume.
  public func run(showingBanner: Bool = true) async {
    if showingBanner { showBanner() }
    while let line = await context.input.readLine(prompt: "landfall[\(phase.rawValue)]> ") {
      let trimmed = line.trimmingCharacters(in: " \t")
      if trimmed.isEmpty { continue }
      if trimmed.hasPrefix("/") {
        if await command(String(trimmed)) == .quit { break }
      } else {
        await send(String(trimmed))
      }
    }
    context.output.write("\n")
    context.output.notice(ChatBanner.resumeLine(sessionID: context.sessionID))
  }

  /// Prints the banner (or a one-line greeting) for the current phase.
  public func showBanner() {
    guard let banner = context.banner else {
      return context.output.notice("Landfall: phase \(phase.rawValue) (\(phase.title)). /help lists the commands.")
    }
    context.output.notice(banner.lines(phase: phase).joined(separator: "\n"))
  }

  /// Sends one message and waits for the turn to end (used by `--once` and the REPL).
  public func send(_ text: String) async {
    let output = context.output
    output.beginTurn()
    output.status(Self.waitingForModel)
    let task = Task { [agent, phase] in
      do throws(AgentError) {
        let outcome = try await agent.send(
          text, phase: phase, onText: { output.write($0) },
          onActivity: { activity in
            output.notice(activity.line)
            switch activity {
            case .toolStarted(let name, _): output.status("running \(name)")
            case .toolFinished: output.status(Self.waitingForModel)
            }
          })
        self.finished(outcome: outcome, error: nil)
      } catch {
        self.finished(outcome: nil, error: error)
      }
    }
    turn = task
    await task.value
    turn = nil
    output.endTurn()
  }

  static let waitingForModel = "waiting for the model"

  /// Interrupts the running turn, if any (Ctrl-C).
  public func interrupt() {
    turn?.cancel()
  }

  private func finished(outcome: TurnOutcome?, error: AgentError?) {
    lastOutcome = outcome
    lastError = error
    context.output.write("\n")
    if let error { context.output.notice(error == .cancelled ? "(interrupted)" : "error: \(error.description)") }
    if case .stepLimitReached(let steps)? = outcome {
      context.output.notice("(stopped after \(steps) tool steps in one turn; say how to continue)")
    }
  }

  private enum CommandResult { case handled, quit }

  private func command(_ line: String) async -> CommandResult {
    let words = line.split(separator: " ").map(String.init)
    switch words.first ?? "" {
    case "/quit", "/exit": return .quit
    case "/help": context.output.notice(Self.help)
    case "/phase":
      guard words.count > 1, let number = Int(words[1]), let next = MigrationPhase(rawValue: number) else {
        context.output.notice("usage: /phase N [MESSAGE], with N from 1 to 7")
        return .handled
      }
      phase = next
      let message = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true).dropFirst(2).first.map(String.init) ?? ""
      let instructions = context.phasePrompt(next)
      await send(message.isEmpty ? instructions : instructions + "\n\nThe person adds: " + message)
    case "/state": context.output.notice(await agent.summary.isEmpty ? "(nothing recorded yet)" : await agent.summary)
    case "/tools":
      for spec in context.runner.registry.specs(for: phase) {
        context.output.notice("\(spec.name) [\(spec.effect.rawValue)\(spec.billable ? ", billable" : "")]")
      }
    case "/cost": await cost()
    case "/transcript":
      context.output.notice("session \(context.sessionID); export it with: landfall transcripts export \(context.sessionID)")
    case "/secret": await secret(words)
    default: context.output.notice("unknown command \(words.first ?? ""); /help lists them")
    }
    return .handled
  }

  private func cost() async {
    let usage = await agent.usage
    let ledger = await context.runner.ledger
    context.output.notice("model tokens so far: \(usage.input) in, \(usage.output) out")
    for estimate in ledger.estimates {
      let state = estimate.spent ? "spent" : "open"
      context.output.notice("estimate \(estimate.id) \(estimate.tool): $\(String(format2: estimate.monthlyUSD))/month (\(state))")
    }
    context.output.notice("committed: $\(String(format2: ledger.committedMonthlyUSD))/month")
  }

  private func secret(_ words: [String]) async {
    guard words.count == 2, words[1].isVariableName else {
      context.output.notice("usage: /secret NAME (the value is typed hidden and never shown)")
      return
    }
    guard let prompter = context.secretPrompter, let value = await prompter.askSecret(name: words[1], purpose: ""), !value.isEmpty else {
      context.output.notice("no value stored (no terminal, or nothing typed)")
      return
    }
    do {
      try await context.vault.store(words[1], Secret(value), origin: .person, replacing: true)
      context.output.notice("stored \(words[1]); the model can use it as {{secret:\(words[1])}}")
    } catch {
      context.output.notice("not stored: \(error.description)")
    }
  }

  static let help = """
    /phase N [TEXT] enter phase N and send its instructions (with TEXT, if given)
                    (1 inventory … 6 verify, 7 deploy script)
    /state          what the migration has learned and done
    /tools          the tools offered in this phase
    /cost           model tokens used, cost estimates and the committed monthly total
    /secret NAME    type a secret value (hidden); the model sees only its name
    /transcript     this session's id and how to export it
    /help           this list
    /quit           leave (Ctrl-D too); Ctrl-C interrupts the current turn
    """
}

extension AgentActivity {
  /// One line for a person watching the agent work.
  public var line: String {
    switch self {
    case .toolStarted(let name, let arguments): return "→ \(name) \(arguments)"
    case .toolFinished(let name, let decision, let ok, let summary):
      return "  \(name): \(decision)\(ok ? "" : ", not ok")\(summary.isEmpty ? "" : " · " + summary)"
    }
  }
}

extension String {
  /// `value` with exactly two decimals, as money is shown.
  public init(format2 value: Double) {
    let cents = Int((value * 100).rounded())
    let fraction = abs(cents) % 100
    self = "\(cents / 100).\(fraction < 10 ? "0" : "")\(fraction)"
  }
}
