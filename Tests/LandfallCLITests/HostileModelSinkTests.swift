import Foundation
import LandfallRigs
import LandfallModel
import LandfallTestSupport
import Testing

/// A hostile model over the real wire formats tries to get secret values shown, stored or sent
/// back; every sink is then searched for the values in their encodings: the terminal, the
/// transcript database's bytes (with its WAL), `transcripts export`, every request the endpoint
/// received, and the log.
@Suite(.ownThreads) struct HostileModelSinkTests {
  static let canary = "hostile-canary-Vq93-pw-5512"
  static let apiKey = "sk-hostile-test-key-88Zt7Qm"

  /// The forms of the canary the model repeats (Foundation's own encoders).
  static var leaks: [String] {
    let data = Data(canary.utf8)
    let hex = data.map { String(format: "%02x", $0) }.joined()
    return [canary, data.base64EncodedString(), hex, canary.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? canary]
  }

  static func openAIReply(_ number: Int) -> LoopbackHTTPServer.Reply {
    guard number == 1 else { return ChatCommandTests.say("Nothing more to do.") }
    let text = "Here it is: " + leaks.joined(separator: " and ")
    let pieces = stride(from: 0, to: text.count, by: 5).map { start -> String in
      let from = text.index(text.startIndex, offsetBy: start)
      return String(text[from..<(text.index(from, offsetBy: 5, limitedBy: text.endIndex) ?? text.endIndex)])
    }
    var events = pieces.map { piece in
      JSONWriter.string(.object([("choices", .array([.object([("delta", .object([("content", .string(piece))]))])]))]))
    }
    let arguments = JSONWriter.string(.object([("command", .string("echo \(canary)"))]))
    events.append(JSONWriter.string(.object([("choices", .array([.object([
      ("delta", .object([("tool_calls", .array([
        .object([("index", .int(0)), ("id", .string("c1")), ("type", .string("function")),
                 ("function", .object([("name", .string("host_exec")), ("arguments", .string(arguments))]))]),
        .object([("index", .int(1)), ("id", .string("c2")), ("type", .string("function")),
                 ("function", .object([("name", .string("tool_\(canary)")), ("arguments", .string("{}"))]))]),
      ]))])), ("finish_reason", .string("tool_calls")),
    ])]))])))
    return LoopbackHTTPServer.Reply(
      headers: [("Content-Type", "text/event-stream")],
      steps: events.map { LoopbackHTTPServer.Step.chunk("data: \($0)\n\n") } + [.chunk("data: [DONE]\n\n")])
  }

  static func anthropicReply(_ number: Int) -> LoopbackHTTPServer.Reply {
    func event(_ json: JSONValue) -> LoopbackHTTPServer.Step { .chunk("event: e\ndata: \(JSONWriter.string(json))\n\n") }
    guard number == 1 else {
      return LoopbackHTTPServer.Reply(headers: [("Content-Type", "text/event-stream")], steps: [
        event(.object([("type", .string("message_start")), ("message", .object([("usage", .object([("input_tokens", .int(1))]))]))])),
        event(.object([("type", .string("content_block_start")), ("index", .int(0)), ("content_block", .object([("type", .string("text")), ("text", .string(""))]))])),
        event(.object([("type", .string("content_block_delta")), ("index", .int(0)), ("delta", .object([("type", .string("text_delta")), ("text", .string("Nothing more."))]))])),
        event(.object([("type", .string("content_block_stop")), ("index", .int(0))])),
        event(.object([("type", .string("message_delta")), ("delta", .object([("stop_reason", .string("end_turn"))]))])),
        event(.object([("type", .string("message_stop"))])),
      ])
    }
    let text = "Repeating: " + leaks.joined(separator: " / ")
    var steps: [LoopbackHTTPServer.Step] = [
      event(.object([("type", .string("message_start")), ("message", .object([("usage", .object([("input_tokens", .int(1))]))]))])),
      event(.object([("type", .string("content_block_start")), ("index", .int(0)), ("content_block", .object([("type", .string("text")), ("text", .string(""))]))])),
    ]
    for start in stride(from: 0, to: text.count, by: 7) {
      let from = text.index(text.startIndex, offsetBy: start)
      let piece = String(text[from..<(text.index(from, offsetBy: 7, limitedBy: text.endIndex) ?? text.endIndex)])
      steps.append(event(.object([("type", .string("content_block_delta")), ("index", .int(0)), ("delta", .object([("type", .string("text_delta")), ("text", .string(piece))]))])))
    }
    steps += [
      event(.object([("type", .string("content_block_stop")), ("index", .int(0))])),
      event(.object([("type", .string("content_block_start")), ("index", .int(1)), ("content_block", .object([
        ("type", .string("tool_use")), ("id", .string("t1")), ("name", .string("mint_secret")), ("input", .object([])),
      ]))])),
      event(.object([("type", .string("content_block_delta")), ("index", .int(1)), ("delta", .object([
        ("type", .string("input_json_delta")), ("partial_json", .string(JSONWriter.string(.object([("name", .string("APP_TOKEN")), ("note", .string(canary))])))),
      ]))])),
      event(.object([("type", .string("content_block_stop")), ("index", .int(1))])),
      event(.object([("type", .string("message_delta")), ("delta", .object([("stop_reason", .string("tool_use"))]))])),
      event(.object([("type", .string("message_stop"))])),
    ]
    return LoopbackHTTPServer.Reply(headers: [("Content-Type", "text/event-stream")], steps: steps)
  }

  struct Sinks {
    var named: [(String, String)]
  }

  func run(provider: String, reply: @escaping @Sendable (Int) -> LoopbackHTTPServer.Reply) async throws -> (CLI.Result, Sinks, LoopbackHTTPServer) {
    let home = try CLI.temporaryDirectory()
    let secrets = home.appendingPathComponent("secrets.env")
    try "APP_TOKEN=\(Self.canary)\n".write(to: secrets, atomically: true, encoding: .utf8)
    let server = try LoopbackHTTPServer { _, number in reply(number) }
    let base = provider == "anthropic" ? server.baseURL : server.baseURL + "/v1"
    let database = home.appendingPathComponent("t.sqlite").path
    let environment = [
      "XDG_DATA_HOME": home.path, "HOME": home.path, "LANDFALL_MODEL": "m", "LANDFALL_API_KEY": Self.apiKey, "LANDFALL_DB": database,
    ]
    let result = try await CLI.run(
      ["chat", "--once", "--phase", "3", "--sandbox", "--allow-writes", "--provider", provider, "--llm-url", base,
       "--secrets-file", secrets.path, "--db", database],
      environment: environment, stdin: "n\nn\nn\n")
    var named: [(String, String)] = [("stdout", result.stdout), ("stderr", result.stderr)]
    for suffix in ["", "-wal", "-shm"] {
      if let data = FileManager.default.contents(atPath: database + suffix) {
        named.append(("database\(suffix)", String(decoding: data, as: UTF8.self)))
      }
    }
    let listed = try await CLI.run(["transcripts", "list", "--db", database], environment: environment)
    for id in listed.stdout.split(separator: "\n").compactMap({ $0.split(separator: " ").first.map(String.init) }) where id.count > 6 {
      named.append(("export \(id)", try await CLI.run(["transcripts", "export", id, "--db", database], environment: environment).stdout))
    }
    for (index, request) in server.requests.enumerated() { named.append(("request \(index + 1)", request.body)) }
    if let enumerator = FileManager.default.enumerator(atPath: home.path) {
      for case let path as String in enumerator where path.hasSuffix(".log") {
        named.append((path, (try? String(contentsOfFile: home.path + "/" + path, encoding: .utf8)) ?? ""))
      }
    }
    return (result, Sinks(named: named), server)
  }

  func expectClean(_ sinks: Sinks) {
    for (name, text) in sinks.named {
      for leak in Self.leaks + [Self.apiKey] {
        guard let found = text.range(of: leak) else { continue }
        let before = text[..<found.lowerBound].suffix(80)
        let context = String(before) + leak
        Issue.record("\(name) holds \(leak == Self.apiKey ? "the API key" : "a form of the canary"): …\(context)")
      }
    }
  }

  @Test func openAIStreamRepeatingSecretsLeavesEverySinkClean() async throws {
    let (result, sinks, server) = try await run(provider: "openai", reply: Self.openAIReply)
    defer { server.stop() }
    #expect(server.requests.count == 2, "\(result.stderr)")
    #expect(result.stdout.contains("[redacted:APP_TOKEN]"), "\(result.stdout)")
    #expect(sinks.named.contains { $0.0.hasPrefix("export") })
    expectClean(sinks)
  }

  @Test func anthropicStreamRepeatingSecretsLeavesEverySinkClean() async throws {
    let (result, sinks, server) = try await run(provider: "anthropic", reply: Self.anthropicReply)
    defer { server.stop() }
    #expect(server.requests.count == 2, "\(result.stderr)")
    #expect(result.stdout.contains("[redacted:APP_TOKEN]"), "\(result.stdout)")
    expectClean(sinks)
  }

  @Test func anErrorBodyEchoingTheKeyIsNeverShownOrStored() async throws {
    let (result, sinks, server) = try await run(provider: "openai") { _ in
      .body(#"{"error": "bad request for key \#(Self.apiKey) and value \#(Self.canary)"}"#, status: 400)
    }
    defer { server.stop() }
    #expect(result.status != 0)
    expectClean(sinks)
  }
}
