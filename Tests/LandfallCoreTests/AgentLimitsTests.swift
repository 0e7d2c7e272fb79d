import LandfallCore
import LandfallFakes
import LandfallRigs
import LandfallModel
import LandfallPolicy
import LandfallTestSupport
import Testing

@Suite(.ownThreads) struct AgentLimitsTests {
  func agent(_ fixture: RunnerFixture, _ llm: ScriptedLLMClient, settings: AgentSettings) -> Agent {
    Agent(llm: llm, runner: fixture.runner, log: fixture.log, vault: fixture.vault, systemPrompt: "You migrate apps.", settings: settings)
  }

  @Test func toolCallsPastThePerAnswerLimitAreRefusedWithAReasonTheModelReads() async throws {
    let fixture = await RunnerFixture()
    let calls = (0..<40).map { ToolCall(id: "c\($0)", name: "fly_status", arguments: .object([])) }
    let llm = ScriptedLLMClient([.success(CompletionResponse(text: "", toolCalls: calls)), ScriptedLLMClient.say("done")])
    _ = try await agent(fixture, llm, settings: AgentSettings(model: "m")).send("go", phase: .migrateData) { _ in }
    #expect(await fixture.tools["fly_status"]?.received.count == 16)
    let results = await llm.requests[1].messages.filter { $0.role == .tool }
    #expect(results.count == 40)
    #expect(results.filter { $0.content.hasPrefix("not run:") && $0.isError }.count == 24)
  }

  @Test func anOverBudgetRequestIsNeverSentEvenWhenNothingCanBeFolded() async throws {
    let fixture = await RunnerFixture()
    let llm = ScriptedLLMClient([ScriptedLLMClient.say("never")])
    let settings = AgentSettings(model: "m", contextWindow: 4_000, reservedForAnswer: 500)
    await #expect {
      _ = try await agent(fixture, llm, settings: settings).send(String(repeating: "word ", count: 20_000), phase: .inventory) { _ in }
    } throws: { error in
      guard case .contextExceeded(let size, let budget, _) = error as? AgentError else { return false }
      return size > budget && budget == 3_500
    }
    #expect(await llm.requests.isEmpty)
    #expect(await fixture.log.events.contains { $0.kind == .error })
  }

  @Test func largeToolResultsInsideATurnAreShortenedToFitTheWindow() async throws {
    let big = String(repeating: "row data ", count: 3_000)
    let fixture = await RunnerFixture(extra: [ScriptedTool(name: "dump_rows", effect: .read, fallback: ToolOutput(big))])
    let calls = (0..<6).map { ToolCall(id: "d\($0)", name: "dump_rows", arguments: .object([])) }
    let llm = ScriptedLLMClient([.success(CompletionResponse(text: "", toolCalls: calls)), ScriptedLLMClient.say("done")])
    let settings = AgentSettings(model: "m", contextWindow: 6_000, reservedForAnswer: 1_000)
    _ = try await agent(fixture, llm, settings: settings).send("dump", phase: .inventory) { _ in }
    let requests = await llm.requests
    #expect(requests.count == 2)
    for sent in requests { #expect(sent.estimatedTokens <= 5_000) }
  }
}
