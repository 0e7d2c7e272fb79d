import Foundation
import LandfallFakes
import Testing

@Suite(.serialized) struct TerminalREPLTests {
  func environment(colour: Bool) throws -> [String: String] {
    let home = try CLI.temporaryDirectory()
    var env = ["XDG_DATA_HOME": home.path, "HOME": home.path, "LANDFALL_MODEL": "test-model", "TERM": "xterm"]
    env["NO_COLOR"] = colour ? "" : "1"
    return env
  }

  @Test func theREPLEditsLinesAndKeepsHistoryOnATerminal() throws {
    let server = try LoopbackHTTPServer { _, number in ChatCommandTests.say("reply \(number)") }
    defer { server.stop() }
    let env = try environment(colour: false)
    let result = try CLI.runOnTerminal(
      ["chat", "--sandbox", "--llm-url", server.baseURL + "/v1"], environment: env,
      steps: [(1_500, "/tools\r"), (500, "hello\r"), (1_500, "/quit\r")])
    #expect(result.stdout.contains("landfall[1]> "))
    #expect(result.stdout.contains("fly_inventory [read]"))
    #expect(result.stdout.contains("reply 2"))
    #expect(!result.stdout.contains("\u{1B}[2m"))
    let history = try String(contentsOfFile: (env["XDG_DATA_HOME"] ?? "") + "/landfall/history", encoding: .utf8)
    #expect(history.contains("hello"))
  }

  @Test func ctrlCInterruptsTheTurnNotTheProgram() throws {
    let server = try LoopbackHTTPServer { _, number in
      number == 2
        ? LoopbackHTTPServer.Reply(steps: [.chunk("")], delayHead: 8_000)
        : ChatCommandTests.say("reply \(number)")
    }
    defer { server.stop() }
    let result = try CLI.runOnTerminal(
      ["chat", "--sandbox", "--llm-url", server.baseURL + "/v1"], environment: try environment(colour: true),
      steps: [(1_500, "slow question\r"), (800, "\u{03}"), (800, "again\r"), (1_500, "/quit\r")])
    #expect(result.stdout.contains("(interrupted)"))
    #expect(result.stdout.contains("reply 3"))
    #expect(result.stdout.contains("\u{1B}[2m"))
  }
}
