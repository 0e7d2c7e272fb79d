import Foundation
import LandfallCore
import LandfallRigs
import LandfallLLM
import LandfallModel
import LandfallTestSupport
import LandfallTransport
import Testing

@Suite(.ownThreads) struct OpenAIClientTests {
  static let streamedTwoCalls = [
    #"{"choices":[{"index":0,"delta":{"role":"assistant","content":"Checking "}}]}"#,
    #"{"choices":[{"index":0,"delta":{"content":"now."}}]}"#,
    #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"list_regions","arguments":"{\"pa"}}]}}]}"#,
    #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"ge\": 1}"}}]}}]}"#,
    #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"call_b","type":"function","function":{"name":"list_regions","arguments":"{'page': 2,}"}}]}}]}"#,
    #"{"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}"#,
    #"{"choices":[],"usage":{"prompt_tokens":120,"completion_tokens":30}}"#,
    "[DONE]",
  ]

  @Test func streamsTextAndSeveralToolCallsInOneTurn() async throws {
    let server = try LoopbackHTTPServer { _, _ in sse(Self.streamedTwoCalls) }
    defer { server.stop() }
    let collector = Collected<String>()
    let response = try await client(.openai, server).complete(request()) { piece in collector.add(piece) }
    #expect(response.text == "Checking now.")
    #expect(collector.all.joined().split(separator: "\n").joined() == "Checking now.")
    #expect(response.toolCalls == [
      ToolCall(id: "call_a", name: "list_regions", arguments: .object([("page", .int(1))])),
      ToolCall(id: "call_b", name: "list_regions", arguments: .object([("page", .int(2))])),
    ])
    #expect(response.usage == TokenUsage(input: 120, output: 30))
    let sent = try #require(server.requests.first)
    #expect(sent.path == "/v1/chat/completions")
    #expect(sent.headers["authorization"] == "Bearer test-key")
    let body = try JSONParser.parse(sent.body)
    #expect(body["stream_options"]?["include_usage"] == .bool(true))
    #expect(body["tools"]?.arrayValue?.first?["function"]?["name"] == .string("list_regions"))
  }

  @Test func readsAnAnswerThatIsNotStreamed() async throws {
    let server = try LoopbackHTTPServer { _, _ in
      .body(#"{"choices":[{"message":{"role":"assistant","content":"plain"},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":1}}"#,
            headers: [("Content-Type", "application/json")])
    }
    defer { server.stop() }
    let response = try await client(.openai, server).complete(request()) { _ in }
    #expect(response.text == "plain")
    #expect(response.usage == TokenUsage(input: 5, output: 1))
  }

  @Test func rateLimitsAreRetriedAfterTheServersDelay() async throws {
    let server = try LoopbackHTTPServer { _, number in
      number == 1 ? .body("slow down", status: 429, headers: [("Retry-After", "2")]) : sse([#"{"choices":[{"delta":{"content":"ok"},"finish_reason":"stop"}]}"#, "[DONE]"])
    }
    defer { server.stop() }
    let sleeps = SleepRecorder()
    let response = try await client(.openai, server, sleeps: sleeps).complete(request()) { _ in }
    #expect(response.text == "ok")
    #expect(await sleeps.waits == [.seconds(2)])
  }

  @Test func serverErrorsAndCutStreamsAreRetried() async throws {
    let server = try LoopbackHTTPServer { _, number in
      switch number {
      case 1: return .body("boom", status: 500)
      case 2: return LoopbackHTTPServer.Reply(headers: [("Content-Type", "text/event-stream")], steps: [
          .chunk("data: {\"choices\":[{\"delta\":{\"content\":\"par"), .drop,
        ])
      default: return sse([#"{"choices":[{"delta":{"content":"whole"},"finish_reason":"stop"}]}"#, "[DONE]"])
      }
    }
    defer { server.stop() }
    let sleeps = SleepRecorder()
    let response = try await client(.openai, server, sleeps: sleeps).complete(request()) { _ in }
    #expect(response.text == "whole")
    #expect(server.requests.count == 3)
    #expect(await sleeps.waits == [.milliseconds(500), .milliseconds(1000)])
  }

  @Test func aRefusedKeyNamesTheVariable() async throws {
    let server = try LoopbackHTTPServer { _, _ in .body(#"{"error":"bad key"}"#, status: 401) }
    defer { server.stop() }
    await #expect(throws: LLMError.unauthorized(status: 401, keyVariable: "OPENAI_API_KEY")) {
      try await client(.openai, server).complete(request()) { _ in }
    }
    #expect(server.requests.count == 1)
  }

  @Test func anEmptyAnswerIsRetriedOnceThenReported() async throws {
    let server = try LoopbackHTTPServer { _, _ in sse([#"{"choices":[{"delta":{},"finish_reason":"stop"}]}"#, "[DONE]"]) }
    defer { server.stop() }
    await #expect(throws: LLMError.emptyResponse) { try await client(.openai, server).complete(request()) { _ in } }
    #expect(server.requests.count == 2)
  }

  @Test func anUnreachableEndpointNamesTheURL() async throws {
    let closed = try ReservedPort()
    let url = "http://127.0.0.1:\(closed.port)"
    let endpoint = LLMEndpoint(provider: .openai, baseURL: url + "/v1", apiKey: nil, keyVariable: "OPENAI_API_KEY")
    let unreachable = LLMClients.client(for: endpoint, transport: CurlHTTPTransport()) { _ in }
    do {
      _ = try await unreachable.complete(request()) { _ in }
      Issue.record("expected a failure")
    } catch {
      guard case .unreachable(let failed, _) = error else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(failed == url + "/v1/chat/completions")
    }
  }
}
