import Foundation
import LandfallFakes
import LandfallRigs
import LandfallModel
import LandfallTestSupport
import Testing

@Suite(.ownThreads) struct ChatCommandTests {
  static func say(_ text: String) -> LoopbackHTTPServer.Reply {
    let chunk = JSONWriter.string(.object([("choices", .array([.object([
      ("delta", .object([("content", .string(text))])), ("finish_reason", .string("stop")),
    ])]))]))
    return .body("data: \(chunk)\n\ndata: [DONE]\n\n", headers: [("Content-Type", "text/event-stream")])
  }

  static func call(_ name: String, _ arguments: String = "{}") -> LoopbackHTTPServer.Reply {
    let chunk = JSONWriter.string(.object([("choices", .array([.object([
      ("delta", .object([("tool_calls", .array([.object([
        ("index", .int(0)), ("id", .string("call_1")), ("type", .string("function")),
        ("function", .object([("name", .string(name)), ("arguments", .string(arguments))])),
      ])]))])), ("finish_reason", .string("tool_calls")),
    ])]))]))
    return .body("data: \(chunk)\n\ndata: [DONE]\n\n", headers: [("Content-Type", "text/event-stream")])
  }

  func environment() throws -> [String: String] {
    let home = try CLI.temporaryDirectory()
    return ["XDG_DATA_HOME": home.path, "HOME": home.path, "LANDFALL_MODEL": "test-model", "OPENAI_API_KEY": "sk-test-key-not-real"]
  }

  @Test func onceRunsThePhaseUntilTheModelAnswers() async throws {
    let server = try LoopbackHTTPServer { _, number in
      number == 1 ? Self.call("fly_inventory") : Self.say("The app lands on one VM.")
    }
    defer { server.stop() }
    let result = try await CLI.run(
      ["chat", "--once", "--phase", "1", "--sandbox", "--llm-url", server.baseURL + "/v1"], environment: try environment())
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("The app lands on one VM."))
    #expect(result.stderr.contains("fly_inventory"))
    #expect(server.requests.count == 2)
    let first = try JSONParser.parse(server.requests[0].body)
    let system = first["messages"]?.arrayValue?.first?["content"]?.stringValue ?? ""
    #expect(system.contains("notes-demo"))
    let toolNames = first["tools"]?.arrayValue?.compactMap { $0["function"]?["name"]?.stringValue } ?? []
    #expect(toolNames.contains("fly_inventory"))
    let second = server.requests[1].body
    #expect(second.contains("notes_data"))
    for canary in SampleWorld.canaries { #expect(!second.contains(canary.value)) }
  }

  @Test func anUnreachableModelIsExitThreeNamingTheURL() async throws {
    let closed = try ReservedPort()
    let url = "http://127.0.0.1:\(closed.port)/v1"
    let result = try await CLI.run(["chat", "--once", "--prompt", "hi", "--sandbox", "--llm-url", url], environment: try environment())
    #expect(result.status == 3)
    #expect(result.stderr.contains(url))
  }

  @Test func aRefusedKeyIsExitTwoNamingTheVariable() async throws {
    let server = try LoopbackHTTPServer { _, _ in .body("{}", status: 401) }
    defer { server.stop() }
    let result = try await CLI.run(
      ["chat", "--once", "--prompt", "hi", "--sandbox", "--llm-url", server.baseURL + "/v1"], environment: try environment())
    #expect(result.status == 2)
    #expect(result.stderr.contains("OPENAI_API_KEY"))
    #expect(!result.stderr.contains("sk-test-key-not-real"))
  }

  @Test func theREPLWorksThroughAPipe() async throws {
    let server = try LoopbackHTTPServer { _, number in Self.say(number == 1 ? "Ready." : "Hello back.") }
    defer { server.stop() }
    let result = try await CLI.run(
      ["chat", "--sandbox", "--llm-url", server.baseURL + "/v1"], environment: try environment(),
      stdin: "/help\nhello there\n/state\n/cost\n/quit\n")
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("Ready."))
    #expect(result.stdout.contains("Hello back."))
    #expect(result.stderr.contains("/phase N"))
    #expect(result.stderr.contains("model tokens so far"))
    #expect(server.requests.count == 2)
  }

  @Test func phaseWithAMessageSendsThePhaseInstructionsTogetherWithThatMessage() async throws {
    let server = try LoopbackHTTPServer { _, _ in Self.say("Noted.") }
    defer { server.stop() }
    let result = try await CLI.run(
      ["chat", "--sandbox", "--llm-url", server.baseURL + "/v1"], environment: try environment(),
      stdin: "/phase 2 Price the smallest VM, please.\n/quit\n")
    #expect(result.status == 0, "\(result.stderr)")
    let last = try JSONParser.parse(try #require(server.requests.last).body)
    let messages = last["messages"]?.arrayValue ?? []
    let sent = messages.last?["content"]?.stringValue ?? ""
    #expect(sent.hasPrefix("Phase 2 of 6: plan and price."), "\(sent)")
    #expect(sent.hasSuffix("The person adds: Price the smallest VM, please."))
    let toolNames = last["tools"]?.arrayValue?.compactMap { $0["function"]?["name"]?.stringValue } ?? []
    #expect(toolNames.contains("plan_vm"))
  }

  @Test func resumeContinuesTheConversation() async throws {
    let server = try LoopbackHTTPServer { _, number in Self.say("answer \(number)") }
    defer { server.stop() }
    let env = try environment()
    _ = try await CLI.run(["chat", "--once", "--prompt", "remember the word kestrel", "--sandbox", "--llm-url", server.baseURL + "/v1"], environment: env)
    let again = try await CLI.run(
      ["chat", "--once", "--prompt", "what was the word?", "--resume", "", "--sandbox", "--llm-url", server.baseURL + "/v1"], environment: env)
    #expect(again.status == 0, "\(again.stderr)")
    let body = try JSONParser.parse(server.requests[1].body)
    let contents = body["messages"]?.arrayValue?.compactMap { $0["content"]?.stringValue } ?? []
    #expect(contents.contains("remember the word kestrel"))
    #expect(contents.contains("answer 1"))
  }

  @Test func aMissingModelNameIsAUsageError() async throws {
    var env = try environment()
    env["LANDFALL_MODEL"] = ""
    let result = try await CLI.run(["chat", "--once", "--prompt", "hi", "--sandbox"], environment: env)
    #expect(result.status == 2)
    #expect(result.stderr.contains("LANDFALL_MODEL"))
  }
}
