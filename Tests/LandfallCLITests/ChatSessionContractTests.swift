import Foundation
import LandfallRigs
import LandfallModel
import LandfallTestSupport
import Testing

/// The chat's promises off a terminal and across sessions: plain output on a pipe, exit status
/// when an approval could not be asked, resume, the session list, and the app directory errors.
@Suite(.ownThreads) struct ChatSessionContractTests {
  func environment() throws -> [String: String] {
    let home = try CLI.temporaryDirectory()
    return ["XDG_DATA_HOME": home.path, "HOME": home.path, "LANDFALL_MODEL": "m", "NO_COLOR": ""]
  }

  @Test func onAPipeMarkdownStaysPlainTextAndNothingIsStyled() async throws {
    let server = try LoopbackHTTPServer { _, _ in ChatCommandTests.say("Move **one VM** with `docker`.") }
    defer { server.stop() }
    let result = try await CLI.run(["chat", "--once", "--prompt", "hi", "--sandbox", "--llm-url", server.baseURL + "/v1"], environment: try environment())
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("Move **one VM** with `docker`."))
    #expect(!result.stdout.contains("\u{1B}") && !result.stderr.contains("\u{1B}"))
    #expect(!result.stderr.contains("waiting for the model"))
  }

  @Test func onceWithoutATerminalExitsOneWhenAnApprovalCouldNotBeAsked() async throws {
    let server = try LoopbackHTTPServer { _, number in
      number == 1 ? ChatCommandTests.call("generate_ssh_key", #"{"name":"web-1"}"#) : ChatCommandTests.say("ok")
    }
    defer { server.stop() }
    let result = try await CLI.run(
      ["chat", "--once", "--phase", "3", "--prompt", "key", "--sandbox", "--allow-writes", "--llm-url", server.baseURL + "/v1"],
      environment: try environment())
    #expect(result.status == 1, "\(result.stderr)")
    #expect(result.stderr.contains("generate_ssh_key needed approval and was declined: there was no terminal to ask"))
  }

  @Test func aBareResumeContinuesTheLatestSessionWithItsPhaseAndCommittedCost() async throws {
    let server = try LoopbackHTTPServer { _, number in
      switch number {
      case 1: return ChatCommandTests.call("get_cost_estimate_vm", SandboxFlowTests.vm)
      case 2: return ChatCommandTests.call("create_vm", SandboxFlowTests.vm)
      default: return ChatCommandTests.say("reply \(number)")
      }
    }
    defer { server.stop() }
    let env = try environment()
    let box = (env["HOME"] ?? "") + "/box"
    let first = try await CLI.run(
      ["chat", "--once", "--phase", "3", "--sandbox", "--sandbox-state", box, "--allow-writes", "--llm-url", server.baseURL + "/v1"],
      environment: env, stdin: "y\n")
    #expect(first.status == 0, "\(first.stderr)")
    let resumed = try await CLI.run(
      ["chat", "--sandbox", "--sandbox-state", box, "--llm-url", server.baseURL + "/v1", "--resume"], environment: env,
      stdin: "/state\n/cost\n/tools\n/quit\n")
    #expect(resumed.status == 0, "\(resumed.stderr)")
    #expect(resumed.stderr.contains("phase 3 (provision and deploy)"), "\(resumed.stderr)")
    #expect(resumed.stderr.contains("(resumed)"))
    #expect(resumed.stderr.contains("Current phase: 3"))
    #expect(resumed.stderr.contains("committed: $39.42/month"))
    #expect(resumed.stderr.contains("host_install_docker ["), "phase 3's tools are offered")
    let list = try await CLI.run(["transcripts", "list"], environment: env)
    let columns = list.stdout.split(separator: "\n").first?.split(separator: "\t").map(String.init) ?? []
    #expect(columns.count == 7, "\(list.stdout)")
    #expect(columns.dropFirst(2).first == "notes-demo")
    #expect(columns.dropFirst(3).first?.hasPrefix("phase 3") == true)
    #expect(columns.dropFirst(5).first == "$39.42/month committed")
  }

  @Test func aMissingDirectoryAndAMissingFlyTomlSayDifferentThings() async throws {
    let env = try environment()
    let home = env["HOME"] ?? ""
    let missing = try await CLI.run(["chat", "--once", "--prompt", "hi", "--app-dir", home + "/nowhere", "--llm-url", "http://127.0.0.1:9/v1"], environment: env)
    #expect(missing.status == 2)
    #expect(missing.stderr.contains("there is no directory \(home)/nowhere; pass --app-dir"), "\(missing.stderr)")
    try FileManager.default.createDirectory(atPath: home + "/empty", withIntermediateDirectories: true)
    try Data(#"{"mcpServers": {}}"#.utf8).write(to: URL(fileURLWithPath: home + "/none.json"))
    let empty = try await CLI.run(["chat", "--once", "--prompt", "hi", "--app-dir", home + "/empty", "--mcp-config", home + "/none.json", "--llm-url", "http://127.0.0.1:9/v1"], environment: env)
    #expect(empty.stderr.contains("\(home)/empty has no fly.toml; run landfall in the app's folder"), "\(empty.stderr)")
  }
}
