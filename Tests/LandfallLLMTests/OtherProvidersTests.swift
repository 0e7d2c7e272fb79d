import Foundation
import LandfallCore
import LandfallRigs
import LandfallLLM
import LandfallModel
import LandfallTestSupport
import LandfallTransport
import Testing

@Suite(.ownThreads) struct OtherProvidersTests {
  @Test func anthropicStreamsTextAndToolUseBlocks() async throws {
    let events: [(String, String)] = [
      ("message_start", #"{"type":"message_start","message":{"usage":{"input_tokens":210,"output_tokens":1}}}"#),
      ("content_block_start", #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#),
      ("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Looking."}}"#),
      ("content_block_stop", #"{"type":"content_block_stop","index":0}"#),
      ("content_block_start", #"{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_1","name":"list_regions","input":{}}}"#),
      ("content_block_delta", #"{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"page\":"}}"#),
      ("content_block_delta", #"{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":" 3}"}}"#),
      ("content_block_stop", #"{"type":"content_block_stop","index":1}"#),
      ("message_delta", #"{"type":"message_delta","delta":{"stop_reason":"tool_use"},"usage":{"output_tokens":42}}"#),
      ("message_stop", #"{"type":"message_stop"}"#),
    ]
    let server = try LoopbackHTTPServer { _, _ in
      LoopbackHTTPServer.Reply(headers: [("Content-Type", "text/event-stream")], steps: events.map { .chunk("event: \($0.0)\ndata: \($0.1)\n\n") })
    }
    defer { server.stop() }
    var conversation = request()
    conversation.messages += [
      .assistant("", toolCalls: [ToolCall(id: "toolu_0", name: "list_regions", arguments: .object([]))]),
      .toolResult(ToolCall(id: "toolu_0", name: "list_regions", arguments: .object([])), "none", isError: false),
    ]
    let response = try await client(.anthropic, server).complete(conversation) { _ in }
    #expect(response.text == "Looking.")
    #expect(response.toolCalls == [ToolCall(id: "toolu_1", name: "list_regions", arguments: .object([("page", .int(3))]))])
    #expect(response.usage == TokenUsage(input: 210, output: 42))
    let sent = try #require(server.requests.first)
    #expect(sent.path == "/v1/messages")
    #expect(sent.headers["x-api-key"] == "test-key")
    #expect(sent.headers["anthropic-version"] == "2023-06-01")
    let body = try JSONParser.parse(sent.body)
    #expect(body["system"] == .string("be brief"))
    let last = body["messages"]?.arrayValue?.last
    #expect(last?["content"]?.arrayValue?.first?["type"] == .string("tool_result"))
    #expect(last?["content"]?.arrayValue?.first?["tool_use_id"] == .string("toolu_0"))
  }

  @Test func ollamaSetsTheContextWindowAndReadsJSONLines() async throws {
    let lines = [
      #"{"message":{"role":"assistant","content":"On it."},"done":false}"#,
      #"{"message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"list_regions","arguments":{"page":4}}}]},"done":false}"#,
      #"{"message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","prompt_eval_count":300,"eval_count":12}"#,
    ]
    let server = try LoopbackHTTPServer { _, _ in
      LoopbackHTTPServer.Reply(headers: [("Content-Type", "application/x-ndjson")], steps: lines.map { .chunk($0 + "\n") })
    }
    defer { server.stop() }
    let response = try await client(.ollama, server, key: nil).complete(request()) { _ in }
    #expect(response.text == "On it.")
    #expect(response.toolCalls.map(\.arguments) == [.object([("page", .int(4))])])
    #expect(response.usage == TokenUsage(input: 300, output: 12))
    let sent = try #require(server.requests.first)
    #expect(sent.path == "/api/chat")
    #expect(try JSONParser.parse(sent.body)["options"]?["num_ctx"] == .int(8192))
  }

  @Test func aSlowFirstByteIsWaitedForButSilenceBeyondTheIdleTimeoutIsNot() async throws {
    let server = try LoopbackHTTPServer { request, _ in
      LoopbackHTTPServer.Reply(steps: [.chunk("late")], delayHead: request.path == "/slow" ? 2_500 : 600)
    }
    defer { server.stop() }
    let transport = CurlHTTPTransport()
    let patient = try await transport.send(HTTPRequest(method: "GET", url: server.baseURL + "/ok", idleTimeout: .seconds(2)))
    #expect(String(decoding: try await patient.collect(), as: UTF8.self) == "late")
    await #expect(throws: HTTPError.self) {
      _ = try await transport.send(HTTPRequest(method: "GET", url: server.baseURL + "/slow", idleTimeout: .seconds(1)))
    }
  }

  @Test func cancellingAbortsTheTransfer() async throws {
    let server = try LoopbackHTTPServer { _, _ in
      LoopbackHTTPServer.Reply(steps: (0..<100).flatMap { _ in [LoopbackHTTPServer.Step.chunk("tick\n"), .pause(milliseconds: 100)] })
    }
    defer { server.stop() }
    let transport = CurlHTTPTransport()
    let (received, signal) = AsyncStream<Void>.makeStream()
    let task = Task {
      let response = try await transport.send(HTTPRequest(method: "GET", url: server.baseURL))
      var count = 0
      for try await _ in response.body {
        count += 1
        if count == 3 { signal.yield() }
      }
      return count
    }
    for await _ in received { break }
    task.cancel()
    _ = try? await task.value
    #expect(server.stepsDeliveredWhenEnded(to: 1) < 150)
  }
}

@Suite(.ownThreads) struct NonStreamedAnswersTests {
  @Test func anthropicAndOllamaAnswersWithoutStreamingAreRead() async throws {
    let server = try LoopbackHTTPServer { request, _ in
      request.path == "/v1/messages"
        ? .body(#"{"content":[{"type":"text","text":"hi"},{"type":"tool_use","id":"t1","name":"list_regions","input":{"page":2}}],"usage":{"input_tokens":9,"output_tokens":3},"stop_reason":"tool_use"}"#,
                headers: [("Content-Type", "application/json")])
        : .body(#"{"message":{"role":"assistant","content":"yo"},"done":true,"prompt_eval_count":4,"eval_count":1}"#,
                headers: [("Content-Type", "application/json")])
    }
    defer { server.stop() }
    let anthropic = try await client(.anthropic, server).complete(request()) { _ in }
    #expect(anthropic.text == "hi")
    #expect(anthropic.toolCalls == [ToolCall(id: "t1", name: "list_regions", arguments: .object([("page", .int(2))]))])
    let ollama = try await client(.ollama, server, key: nil).complete(request()) { _ in }
    #expect(ollama.text == "yo")
    #expect(ollama.usage == TokenUsage(input: 4, output: 1))
  }
}
