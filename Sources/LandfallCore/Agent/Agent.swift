public import LandfallModel

/// How the agent may spend a turn.
public struct AgentSettings: Sendable {
  public var model: String
  /// The model's context window in tokens; no request is ever larger.
  public var contextWindow: Int
  /// Tokens kept free for the answer.
  public var reservedForAnswer: Int
  public var maxStepsPerTurn: Int
  /// Tool results longer than this (characters) reach the model as head and tail only.
  public var toolResultLimit: Int
  /// Tool calls run from one answer; the rest are refused with a result saying so.
  public var maxToolCallsPerResponse: Int

  /// Creates settings.
  public init(
    model: String, contextWindow: Int = 16_384, reservedForAnswer: Int = 2_048, maxStepsPerTurn: Int = 12,
    toolResultLimit: Int = 4_000, maxToolCallsPerResponse: Int = 16
  ) {
    self.model = model
    self.contextWindow = contextWindow
    self.reservedForAnswer = reservedForAnswer
    self.maxStepsPerTurn = maxStepsPerTurn
    self.toolResultLimit = toolResultLimit
    self.maxToolCallsPerResponse = maxToolCallsPerResponse
  }
}

/// How a turn ended.
public enum TurnOutcome: Sendable, Equatable {
  /// The model answered without asking for a tool.
  case answered(String)
  /// The model kept calling tools past the step limit.
  case stepLimitReached(Int)
}

/// Why a turn stopped early.
public enum AgentError: Error, Sendable, Equatable, CustomStringConvertible {
  case model(LLMError)
  case transcript(EventLogError)
  /// An outside dependency a tool needs is unreachable (exit 3).
  case dependencyUnavailable(String)
  /// Even with older exchanges folded and tool results shortened, the next request would not
  /// fit the context window (sizes in estimated tokens).
  case contextExceeded(requestTokens: Int, budget: Int, fixedTokens: Int)
  case cancelled

  public var description: String {
    switch self {
    case .contextExceeded(let request, let budget, let fixed):
      return "the next request needs about \(request) tokens but the context window leaves \(budget) "
        + "(the system prompt, ledger and tool list alone take \(fixed)); raise --context-window or start a new chat"
    case .model(let error): return error.description
    case .transcript(let error): return error.description
    case .dependencyUnavailable(let reason): return reason
    case .cancelled: return "interrupted"
    }
  }
}

/// What the agent is doing, for a screen to show as it happens.
public enum AgentActivity: Sendable, Equatable {
  case toolStarted(name: String, arguments: String)
  case toolFinished(name: String, decision: String, ok: Bool, summary: String)
}

/// The agent loop: the model proposes, the runner disposes, everything is recorded.
public actor Agent {
  private let llm: any LLMClient
  private let runner: ToolRunner
  private let log: any EventLog
  private let vault: SecretVault
  private let systemPrompt: String
  private let settings: AgentSettings
  public private(set) var messages: [ChatMessage] = []
  public private(set) var state: MigrationState
  /// The runner's ledger as last summarised.
  private var ledgerSummary = ""
  public private(set) var usage = TokenUsage(input: 0, output: 0)
  public private(set) var largestRequestTokens = 0
  private var usedCallIDs: Set<String> = []
  private var factsSeen = 0

  /// An agent; `messages` and `state` continue a resumed session.
  public init(
    llm: any LLMClient, runner: ToolRunner, log: any EventLog, vault: SecretVault, systemPrompt: String,
    settings: AgentSettings, messages: [ChatMessage] = [], state: MigrationState = MigrationState()
  ) {
    self.llm = llm
    self.runner = runner
    self.log = log
    self.vault = vault
    self.systemPrompt = systemPrompt
    self.settings = settings
    self.messages = messages
    self.state = state
  }

  /// Sends the person's `text` and runs tools until the model answers.
  public func send(
    _ text: String, phase: MigrationPhase, onText: @escaping @Sendable (String) -> Void,
    onActivity: @escaping @Sendable (AgentActivity) -> Void = { _ in }
  ) async throws(AgentError) -> TurnOutcome {
    ledgerSummary = await runner.migration.summary
    let redactor = await vault.redactor
    let message = ChatMessage.user(redactor.redact(text))
    messages.append(message)
    try await record(.userMessage, [("content", .string(message.content)), ("phase", .int(phase.rawValue))])
    if state.phase != phase {
      state.phase = phase
      try await record(.stateChange, [("state", state.json)])
    }
    for step in 1...settings.maxStepsPerTurn {
      if Task.isCancelled { throw .cancelled }
      let request: CompletionRequest
      do {
        request = try buildRequest(phase: phase)
      } catch {
        try? await record(.error, [("source", .string("context")), ("message", .string(error.description))])
        throw error
      }
      largestRequestTokens = max(largestRequestTokens, request.estimatedTokens)
      try await record(.llmRequest, [
        ("model", .string(request.model)), ("step", .int(step)), ("messages", .int(request.messages.count)),
        ("estimatedTokens", .int(request.estimatedTokens)), ("tools", .strings(request.tools.map(\.name))),
        ("requestHash", .string(Self.fingerprint(request))),
      ])
      let response = try await complete(request, onText: onText)
      let redactor = await vault.redactor
      let known = Set(request.tools.map(\.name))
      var calls = response.toolCalls
      var answer = redactor.redact(response.text)
      if calls.isEmpty {
        let recovered = ToolCallRepair.textToolCalls(in: answer, known: known, idPrefix: "text-\(messages.count)")
        calls = recovered.calls
        if !calls.isEmpty { answer = recovered.rest }
      }
      calls = Self.withUniqueIDs(calls, taken: usedCallIDs.union(messages.flatMap(\.toolCalls).map(\.id)))
      usedCallIDs.formUnion(calls.map(\.id))
      let shownCalls = calls.map { ToolCall(id: $0.id, name: redactor.redact($0.name), arguments: redactor.redactKeepingHandles($0.arguments)) }
      let assistant = ChatMessage.assistant(answer, toolCalls: shownCalls)
      messages.append(assistant)
      try await record(.llmResponse, [
        ("message", assistant.json), ("inputTokens", .int(response.usage?.input)), ("outputTokens", .int(response.usage?.output)),
      ])
      guard !calls.isEmpty else { return .answered(answer) }
      for call in calls.dropFirst(settings.maxToolCallsPerResponse) {
        try await refuse(call, count: calls.count)
      }
      await runner.beginResponse(Array(calls.prefix(settings.maxToolCallsPerResponse)))
      for call in calls.prefix(settings.maxToolCallsPerResponse) {
        if Task.isCancelled { throw .cancelled }
        let shown = await vault.redactor
        onActivity(.toolStarted(name: shown.redact(call.name), arguments: JSONWriter.string(shown.redact(call.arguments))))
        let result = try await runTool(call, phase: phase)
        onActivity(.toolFinished(
          name: shown.redact(call.name), decision: result.decision.rawValue, ok: result.ok, summary: ToolResultSummary.line(result.result)))
      }
    }
    return .stepLimitReached(settings.maxStepsPerTurn)
  }

  /// `calls` with every id unique in the session and made of letters, digits, `_` and `-` (what
  /// every provider accepts): an empty id, or one the model used before (or twice in this
  /// answer), gets a numbered suffix, so each result and each event names one call.
  static func withUniqueIDs(_ calls: [ToolCall], taken: Set<String>) -> [ToolCall] {
    var used = taken
    return calls.map { call in
      var unique = call
      let safe = String(call.id.prefix(64).map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") ? $0 : "_" })
      let base = safe.isEmpty ? "call" : safe
      unique.id = base
      var number = 2
      while used.contains(unique.id) {
        unique.id = "\(base)-\(number)"
        number += 1
      }
      used.insert(unique.id)
      return unique
    }
  }

  /// Answers a call past the per-answer limit without running it; the model reads why.
  private func refuse(_ call: ToolCall, count: Int) async throws(AgentError) {
    let limit = settings.maxToolCallsPerResponse
    let reason = "not run: the answer asked for \(count) tool calls and at most \(limit) run per answer; ask again for the ones still needed"
    try await record(.toolResult, [
      ("id", .string(call.id)), ("name", .string(call.name)), ("ok", .bool(false)), ("decision", .string("deny")),
      ("result", .string(reason)),
    ])
    messages.append(.toolResult(call, reason, isError: true))
  }

  @discardableResult
  private func runTool(_ call: ToolCall, phase: MigrationPhase) async throws(AgentError) -> ToolRunResult {
    let result: ToolRunResult
    do {
      result = try await runner.run(call, phase: phase)
    } catch {
      throw .transcript(error)
    }
    if result.unavailable { throw .dependencyUnavailable(result.result) }
    let facts = await runner.observedFacts(since: factsSeen)
    factsSeen += facts.count
    for fact in facts { state.note(fact) }
    ledgerSummary = await runner.migration.summary
    messages.append(.toolResult(call, compact(result.result), isError: !result.ok))
    return result
  }

  private func complete(_ request: CompletionRequest, onText: @escaping @Sendable (String) -> Void) async throws(AgentError)
    -> CompletionResponse
  {
    let stream = await vault.streamingRedactor(into: onText)
    defer { stream.finish() }
    do {
      let response = try await llm.complete(request, onText: { stream.write($0) })
      if let used = response.usage {
        usage = TokenUsage(input: usage.input + used.input, output: usage.output + used.output)
      }
      return response
    } catch {
      if error == .cancelled || Task.isCancelled { throw .cancelled }
      let redactor = await vault.redactor
      let shown = error.redacted(by: redactor)
      try? await record(.error, [("source", .string("model")), ("message", .string(shown.description))])
      throw .model(shown)
    }
  }

  /// The request for this step: system prompt, the ledger, then as many recent messages as
  /// fit. Over budget, older exchanges are folded into the ledger, then tool results are
  /// shortened, oldest first; a request that still does not fit is never sent.
  private func buildRequest(phase: MigrationPhase) throws(AgentError) -> CompletionRequest {
    let tools = runner.registry.specs(for: phase)
    let budget = settings.contextWindow - settings.reservedForAnswer
    let toolTokens = tools.reduce(0) { $0 + ($1.name.utf8.count + $1.description.utf8.count + JSONWriter.string($1.inputSchema).utf8.count) / 4 + 4 }
    var request = CompletionRequest(
      model: settings.model, messages: [.system(systemText())] + messages, tools: tools,
      contextWindow: settings.contextWindow, maxOutputTokens: settings.reservedForAnswer)
    func size() -> Int { request.estimatedTokens }
    while size() > budget, let cut = foldableCount() {
      fold(cut)
      request.messages = [.system(systemText())] + messages
    }
    var limit = settings.toolResultLimit
    while size() > budget, limit > 200 {
      limit /= 2
      shortenToolResults(to: limit)
      request.messages = [.system(systemText())] + messages
    }
    guard size() <= budget else {
      throw .contextExceeded(requestTokens: size(), budget: budget, fixedTokens: ChatMessage.system(systemText()).estimatedTokens + toolTokens)
    }
    return request
  }

  private func shortenToolResults(to limit: Int) {
    for index in messages.indices where messages[index].role == .tool && messages[index].content.count > limit {
      messages[index].content = compact(messages[index].content, limit: limit)
    }
  }

  /// A fingerprint of what the model is shown (messages and tool schemas), so a replay can tell
  /// when a prompt or a tool changed.
  static func fingerprint(_ request: CompletionRequest) -> String {
    let messages = request.messages.map { JSONWriter.string($0.json) }.joined(separator: "\n")
    let tools = request.tools.map { "\($0.name)|\($0.description)|\(JSONWriter.string($0.inputSchema))" }.joined(separator: "\n")
    return FNV1a.hex(messages + "\u{0}" + tools)
  }

  private func systemText() -> String {
    let ledger = summary
    return ledger.isEmpty ? systemPrompt : systemPrompt + "\n\nMigration ledger:\n" + ledger
  }

  /// The migration so far, as the prompt and `/state` show it: phase, facts and condensed
  /// history, then what the runner's ledger holds (resources, costs, keys, freeze, data, DNS, TLS).
  public var summary: String {
    [state.summary, ledgerSummary].filter { !$0.isEmpty }.joined(separator: "\n")
  }

  /// How many leading messages form the oldest complete exchange, if an older one exists.
  private func foldableCount() -> Int? {
    guard let lastUser = messages.lastIndex(where: { $0.role == .user }), lastUser > 0 else { return nil }
    let nextUser = messages[1...].firstIndex { $0.role == .user } ?? lastUser
    return nextUser
  }

  private func fold(_ count: Int) {
    let old = messages.prefix(count)
    let asked = old.first { $0.role == .user }?.content.prefix(120) ?? ""
    let tools = old.flatMap(\.toolCalls).map(\.name)
    let answer = old.last { $0.role == .assistant && $0.toolCalls.isEmpty }?.content.prefix(160) ?? ""
    var line = "asked: \(asked)"
    if !tools.isEmpty { line += " | tools: \(tools.joined(separator: ", "))" }
    if !answer.isEmpty { line += " | answered: \(answer)" }
    state.earlier.append(line)
    messages.removeFirst(count)
  }

  private func compact(_ text: String, limit: Int? = nil) -> String {
    let limit = limit ?? settings.toolResultLimit
    guard text.count > limit else { return text }
    let head = text.prefix(limit / 2)
    let tail = text.suffix(limit / 3)
    let omitted = text.count - head.count - tail.count
    return "\(head)\n… [\(omitted) characters omitted here; the full output is in the transcript] …\n\(tail)"
  }

  private func record(_ kind: EventKind, _ fields: [(key: String, value: JSONValue)]) async throws(AgentError) {
    let redactor = await vault.redactor
    do {
      _ = try await log.append(kind, fields.map { (key: $0.key, value: redactor.redactKeepingHandles($0.value)) })
    } catch {
      throw .transcript(error)
    }
  }
}
