import LandfallCore
import LandfallFakes
import LandfallRigs
import LandfallModel
import LandfallPolicy
import LandfallTestSupport
import Testing

@Suite(.ownThreads) struct AgentTests {
  func agent(_ fixture: RunnerFixture, _ llm: ScriptedLLMClient, settings: AgentSettings = AgentSettings(model: "m")) -> Agent {
    Agent(llm: llm, runner: fixture.runner, log: fixture.log, vault: fixture.vault, systemPrompt: "You migrate apps.", settings: settings)
  }

  @Test func aToolCallThenAnAnswerEndsTheTurn() async throws {
    let fixture = await RunnerFixture()
    let llm = ScriptedLLMClient([ScriptedLLMClient.call("fly_status"), ScriptedLLMClient.say("Fly is at zero.")])
    let outcome = try await agent(fixture, llm).send("Is Fly frozen?", phase: .migrateData) { _ in }
    #expect(outcome == .answered("Fly is at zero."))
    let second = await llm.requests[1].messages
    #expect(second.last == ChatMessage(role: .tool, content: "no started machines", toolCallID: "call-fly_status", toolName: "fly_status"))
    let kinds = await fixture.log.events.map(\.kind)
    #expect(kinds == [
      .userMessage, .stateChange, .llmRequest, .llmResponse, .toolCall, .policyDecision, .stateChange, .toolResult,
      .llmRequest, .llmResponse,
    ])
  }

  @Test func repeatedOrEmptyCallIDsAreMadeUniqueSoEachResultNamesOneCall() async throws {
    let fixture = await RunnerFixture()
    let twice = CompletionResponse(text: "", toolCalls: [
      ToolCall(id: "x", name: "fly_status", arguments: .object([])), ToolCall(id: "x", name: "list_regions", arguments: .object([])),
    ])
    let llm = ScriptedLLMClient([
      .success(twice), ScriptedLLMClient.call("fly_status", id: "x"), ScriptedLLMClient.call("fly_status", id: ""),
      ScriptedLLMClient.call("fly_status", id: "a b/ü{{secret:X}}"), ScriptedLLMClient.say("done"),
    ])
    _ = try await agent(fixture, llm).send("Look twice.", phase: .migrateData) { _ in }
    let ids = await fixture.log.events(of: .toolCall).compactMap { $0["id"]?.stringValue }
    #expect(ids == ["x", "x-2", "x-3", "call", "a_b____secret_X__"])
    let answered = await llm.requests.last?.messages.filter { $0.role == .tool }.compactMap(\.toolCallID)
    #expect(answered == ids)
  }

  @Test func aDenialGoesBackToTheModelAsTheToolResult() async throws {
    let fixture = await RunnerFixture()
    let llm = ScriptedLLMClient([
      ScriptedLLMClient.call("create_vm", RunnerFixture.vmArguments), ScriptedLLMClient.say("I need an estimate first."),
    ])
    _ = try await agent(fixture, llm).send("Create the VM now.", phase: .provisionAndDeploy) { _ in }
    let toolMessage = await llm.requests[1].messages.last
    #expect(toolMessage?.isError == true)
    #expect(toolMessage?.content.hasPrefix("denied: ") == true)
    #expect(toolMessage?.content.contains("get_cost_estimate_vm") == true)
  }

  @Test func readOnlyPhasesOnlyOfferTheirTools() async throws {
    let fixture = await RunnerFixture()
    let llm = ScriptedLLMClient([ScriptedLLMClient.say("ok")])
    _ = try await agent(fixture, llm).send("hi", phase: .inventory) { _ in }
    #expect(await llm.requests.first?.tools.count == fixture.runner.registry.specs.count)
  }

  @Test func toolCallsWrittenAsTextAreRecognised() async throws {
    let fixture = await RunnerFixture()
    let llm = ScriptedLLMClient([
      .success(CompletionResponse(text: "Let me look.\n<tool_call>{\"name\": \"fly_status\", \"arguments\": {},}</tool_call>")),
      ScriptedLLMClient.say("done"),
    ])
    _ = try await agent(fixture, llm).send("status?", phase: .migrateData) { _ in }
    #expect(await fixture.tools["fly_status"]?.received.count == 1)
    let assistant = await llm.requests[1].messages.first { $0.role == .assistant }
    #expect(assistant?.content == "Let me look.")
  }

  @Test func whatThePersonTypesIsRedactedBeforeTheModelSeesIt() async throws {
    let fixture = await RunnerFixture()
    let llm = ScriptedLLMClient([ScriptedLLMClient.say("noted")])
    _ = try await agent(fixture, llm).send("my secret is \(RunnerFixture.canary)", phase: .inventory) { _ in }
    let sent = await llm.requests.first?.messages.last?.content
    #expect(sent == "my secret is [redacted:APP_SECRET]")
  }

  @Test func longToolOutputReachesTheModelAsHeadAndTail() async throws {
    let long = String(repeating: "0123456789", count: 2_000)
    let noisy = ScriptedTool(name: "host_logs", effect: .read, fallback: ToolOutput("BEGIN" + long + "END"))
    let fixture = await RunnerFixture(extra: [noisy])
    let llm = ScriptedLLMClient([ScriptedLLMClient.call("host_logs"), ScriptedLLMClient.say("ok")])
    _ = try await agent(fixture, llm).send("logs", phase: .provisionAndDeploy) { _ in }
    let shown = await llm.requests[1].messages.last?.content ?? ""
    #expect(shown.count < 4_200)
    #expect(shown.hasPrefix("BEGIN"))
    #expect(shown.hasSuffix("END"))
    #expect(shown.contains("characters omitted"))
    let stored = await fixture.log.events(of: .toolResult).last?["result"]?.stringValue ?? ""
    #expect(stored.count == long.count + 8)
  }

  @Test func noRequestExceedsTheContextWindowOlderTurnsAreFolded() async throws {
    let fixture = await RunnerFixture()
    let script = (0..<12).map { ScriptedLLMClient.say("answer \($0) " + String(repeating: "word ", count: 150)) }
    let llm = ScriptedLLMClient(script)
    let settings = AgentSettings(model: "m", contextWindow: 3_000, reservedForAnswer: 500)
    let agent = agent(fixture, llm, settings: settings)
    for turn in 0..<12 {
      _ = try await agent.send("question \(turn) " + String(repeating: "detail ", count: 100), phase: .inventory) { _ in }
    }
    let sizes = await llm.requests.map(\.estimatedTokens)
    #expect(sizes.allSatisfy { $0 <= 2_500 }, "\(sizes)")
    let earlier = await agent.state.earlier
    #expect(earlier.count >= 5)
    #expect(earlier.first?.hasPrefix("asked: question 0") == true)
  }

  @Test func theStepLimitEndsARunawayTurn() async throws {
    let fixture = await RunnerFixture()
    let llm = ScriptedLLMClient((0..<3).map { _ in ScriptedLLMClient.call("fly_status") })
    let agent = agent(fixture, llm, settings: AgentSettings(model: "m", maxStepsPerTurn: 3))
    #expect(try await agent.send("loop", phase: .migrateData) { _ in } == .stepLimitReached(3))
  }

  @Test func modelErrorsAreRecordedAndSurfaced() async throws {
    let fixture = await RunnerFixture()
    let llm = ScriptedLLMClient([.failure(.unreachable(url: "http://127.0.0.1:9", reason: "connection refused"))])
    await #expect(throws: AgentError.model(.unreachable(url: "http://127.0.0.1:9", reason: "connection refused"))) {
      try await agent(fixture, llm).send("hi", phase: .inventory) { _ in }
    }
    #expect(await fixture.log.events(of: .error).count == 1)
  }
}
