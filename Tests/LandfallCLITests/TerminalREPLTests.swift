import Foundation
import LandfallRigs
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

  @Test func aStopSignalMidTurnLeavesTheTerminalEchoingAsBefore() async throws {
    let server = try LoopbackHTTPServer { _, number in
      number == 2 ? LoopbackHTTPServer.Reply(steps: [.chunk("")], delayHead: 20_000) : ChatCommandTests.say("reply \(number)")
    }
    defer { server.stop() }
    let marker = CLI.binary.path + " chat --sandbox --db " + (try CLI.temporaryDirectory().path) + "/stop.db"
    let arguments = ["chat", "--sandbox", "--db", String(marker.split(separator: " ").last ?? ""), "--llm-url", server.baseURL + "/v1"]
    let result = try await CLI.runOnTerminal(
      arguments, environment: try environment(colour: true),
      steps: [
        .after("landfall[1]> ", type: "slow question\r"),
        .when({ server.requests.count >= 2 && Self.stop(commandLineStartingWith: marker) }, type: ""),
      ],
      then: "stty -a")
    let settings = result.stdout.split(separator: "\n").last { $0.contains("echoe") } ?? ""
    #expect(settings.contains(" echo "), "\(result.stdout)")
    #expect(!settings.contains("-echo "), "\(result.stdout)")
  }

  /// Sends SIGTERM to the landfall process whose command line starts with `prefix`.
  static func stop(commandLineStartingWith prefix: String) -> Bool {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/pkill")
    process.arguments = ["-TERM", "-f", "^" + NSRegularExpression.escapedPattern(for: prefix)]
    guard (try? process.run()) != nil else { return false }
    process.waitUntilExit()
    return process.terminationStatus == 0
  }
}
