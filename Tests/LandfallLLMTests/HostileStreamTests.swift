import Foundation
import LandfallCore
import LandfallRigs
import LandfallLLM
import LandfallModel
import LandfallTestSupport
import LandfallTransport
import Testing

@Suite(.ownThreads) struct HostileStreamTests {
  static func toolCallEvent(index: String) -> String {
    #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":"# + index
      + #","id":"c","type":"function","function":{"name":"list_regions","arguments":"{}"}}]}}]}"#
  }

  @Test(arguments: ["-1", "999999999", "256", "1.5"])
  func toolCallIndexesOutsideTheRangeEndInAClearError(index: String) async throws {
    let server = try LoopbackHTTPServer { _, _ in sse([Self.toolCallEvent(index: index), "[DONE]"]) }
    defer { server.stop() }
    await #expect {
      _ = try await client(.openai, server).complete(request()) { _ in }
    } throws: { error in
      guard case .decoding(let reason) = error as? LLMError else { return false }
      return reason.contains("index")
    }
  }

  @Test func anthropicBlocksPastTheLimitEndInAClearError() async throws {
    var events = [#"{"type":"message_start","message":{"usage":{"input_tokens":1}}}"#]
    for block in 0..<300 {
      events.append(#"{"type":"content_block_start","index":"# + "\(block)" + #","content_block":{"type":"tool_use","id":"t","name":"list_regions"}}"#)
    }
    events.append(#"{"type":"message_stop"}"#)
    let body = events.map { "data: \($0)\n\n" }.joined()
    let server = try LoopbackHTTPServer { _, _ in
      LoopbackHTTPServer.Reply(headers: [("Content-Type", "text/event-stream")], steps: [.chunk(body)])
    }
    defer { server.stop() }
    await #expect(throws: LLMError.self) { _ = try await client(.anthropic, server).complete(request()) { _ in } }
  }

  @Test func aRetryAfterPastTheCapIsAnErrorNotAnHoursWait() async throws {
    let server = try LoopbackHTTPServer { _, _ in .body("later", status: 429, headers: [("Retry-After", "3600")]) }
    defer { server.stop() }
    let sleeps = SleepRecorder()
    await #expect {
      _ = try await client(.openai, server, sleeps: sleeps).complete(request()) { _ in }
    } throws: { error in
      guard case .http(_, let body) = error as? LLMError else { return false }
      return body.contains("3600")
    }
    #expect(await sleeps.waits.isEmpty)
  }

  @Test func aRetryAfterWithinTheCapIsCountedDown() async throws {
    let server = try LoopbackHTTPServer { _, number in
      number == 1 ? .body("slow down", status: 429, headers: [("Retry-After", "3")]) : sse([#"{"choices":[{"delta":{"content":"ok"},"finish_reason":"stop"}]}"#, "[DONE]"])
    }
    defer { server.stop() }
    let sleeps = SleepRecorder()
    let countdown = Collected<Int>()
    let endpoint = LLMEndpoint(provider: .openai, baseURL: server.baseURL + "/v1", apiKey: nil, keyVariable: "K")
    let llm = LLMClients.client(for: endpoint, transport: CurlHTTPTransport(), sleep: { await sleeps.record($0) }) { left in
      countdown.add(left)
    }
    #expect(try await llm.complete(request()) { _ in }.text == "ok")
    #expect(await sleeps.waits == [.seconds(1), .seconds(1), .seconds(1)])
    #expect(countdown.all == [3, 2, 1])
  }

  @Test func textOfACutAttemptIsShownOnceAcrossRetries() async throws {
    let server = try LoopbackHTTPServer { _, number in
      if number < 3 {
        return LoopbackHTTPServer.Reply(headers: [("Content-Type", "text/event-stream")], steps: [
          .chunk(#"data: {"choices":[{"delta":{"content":"Checking the "}}]}"# + "\n\n"), .pause(milliseconds: 5), .drop,
        ])
      }
      return sse([
        #"{"choices":[{"delta":{"content":"Checking the "}}]}"#, #"{"choices":[{"delta":{"content":"volumes now."},"finish_reason":"stop"}]}"#,
        "[DONE]",
      ])
    }
    defer { server.stop() }
    let shown = Collected<String>()
    let response = try await client(.openai, server).complete(request()) { piece in shown.add(piece) }
    #expect(response.text == "Checking the volumes now.")
    #expect(shown.all.joined() == "Checking the volumes now.")
  }
}
