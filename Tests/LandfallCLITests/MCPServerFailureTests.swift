import Foundation
import LandfallTestSupport
import Testing

/// A configured MCP server that dies or never answers ends `tools list` and `chat` with exit 3
/// within the handshake deadline, naming the server and what it printed.
@Suite(.ownThreads) struct MCPServerFailureTests {
  func configured(_ script: String) throws -> (URL, [String: String]) {
    let home = try CLI.temporaryDirectory()
    let server = home.appendingPathComponent("server.sh")
    try "\(script)\n".write(to: server, atomically: true, encoding: .utf8)
    let config = home.appendingPathComponent("mcp.json")
    try #"{"mcpServers": {"flaky-cloud": {"command": "/bin/sh", "args": ["\#(server.path)"]}}}"#.write(to: config, atomically: true, encoding: .utf8)
    return (config, ["HOME": home.path, "XDG_DATA_HOME": home.path, "LANDFALL_MCP_HANDSHAKE_SECONDS": "3", "LANDFALL_MODEL": "m"])
  }

  @Test func aServerThatPrintsAnErrorAndExitsIsExitThreeNamingIt() async throws {
    let (config, environment) = try configured("echo 'fatal: API key missing' >&2; sleep 1; exit 1")
    let result = try await CLI.run(["tools", "list", "--mcp-config", config.path], environment: environment)
    #expect(result.status == 3, "\(result.stderr)")
    #expect(result.stderr.contains("flaky-cloud"), "\(result.stderr)")
    #expect(result.stderr.contains("fatal: API key missing"), "\(result.stderr)")
    #expect(result.elapsed < .seconds(10))
  }

  @Test func aServerThatNeverAnswersIsExitThreeAtTheDeadline() async throws {
    let pidFile = try CLI.temporaryDirectory().appendingPathComponent("server.pid")
    let (config, environment) = try configured("echo $$ > '\(pidFile.path)'; exec sleep 60")
    let result = try await CLI.run(["chat", "--once", "--prompt", "hi", "--mcp-config", config.path, "--llm-url", "http://127.0.0.1:9/v1"], environment: environment)
    #expect(result.status == 3, "\(result.stderr)")
    #expect(result.stderr.contains("did not answer within 3 s"), "\(result.stderr)")
    #expect(result.elapsed < .seconds(12))
    let pid = try #require(Int32(String(contentsOf: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
    #expect(Self.ends(pid), "the server Landfall gave up on is still running")
  }

  /// Whether `pid` is gone (or a zombie waiting to be reaped) within two seconds.
  static func ends(_ pid: Int32) -> Bool {
    for _ in 0..<40 {
      guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
      if stat.split(separator: ")").last?.split(separator: " ").first == "Z" { return true }
      Thread.sleep(forTimeInterval: 0.05)
    }
    return false
  }
}
