import Foundation
import LandfallFakes
import LandfallTestSupport
import Testing

@Suite(.serialized, .ownThreads) struct TerminalREPLTests {
  func environment(colour: Bool) throws -> [String: String] {
    let home = try CLI.temporaryDirectory()
    var env = ["XDG_DATA_HOME": home.path, "HOME": home.path, "LANDFALL_MODEL": "test-model", "TERM": "xterm"]
    env["NO_COLOR"] = colour ? "" : "1"
    return env
  }

  @Test func theREPLEditsLinesAndKeepsHistoryOnATerminal() async throws {
    let server = try LoopbackHTTPServer { _, number in ChatCommandTests.say("reply \(number)") }
    defer { server.stop() }
    let env = try environment(colour: false)
    let result = try await CLI.runOnTerminal(
      ["chat", "--sandbox", "--llm-url", server.baseURL + "/v1"], environment: env,
      steps: [
        .after("landfall[1]> ", type: "/tools\r"), .after("fly_inventory", type: "hello\r"), .after("reply 2", type: "/quit\r"),
      ])
    #expect(result.stdout.contains("landfall[1]> "))
    #expect(result.stdout.contains("fly_inventory [read]"))
    #expect(result.stdout.contains("reply 2"))
    #expect(!result.stdout.contains("\u{1B}[2m"))
    let history = try String(contentsOfFile: (env["XDG_DATA_HOME"] ?? "") + "/landfall/history", encoding: .utf8)
    #expect(history.contains("hello"))
  }

  @Test func ctrlCInterruptsTheTurnNotTheProgram() async throws {
    let server = try LoopbackHTTPServer { _, number in
      number == 2
        ? LoopbackHTTPServer.Reply(steps: [.chunk("")], delayHead: 8_000)
        : ChatCommandTests.say("reply \(number)")
    }
    defer { server.stop() }
    let result = try await CLI.runOnTerminal(
      ["chat", "--sandbox", "--llm-url", server.baseURL + "/v1"], environment: try environment(colour: true),
      steps: [
        .after("landfall[1]> ", type: "slow question\r"), .when({ server.requests.count >= 2 }, type: "\u{03}"),
        .after("landfall[1]> ", type: "again\r"), .after("reply 3", type: "/quit\r"),
      ])
    #expect(result.stdout.contains("(interrupted)"))
    #expect(result.stdout.contains("reply 3"))
    #expect(result.stdout.contains("\u{1B}[2m"))
  }
}
