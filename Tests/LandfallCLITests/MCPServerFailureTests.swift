import Foundation
import Testing

/// A configured MCP server that dies or never answers ends `tools list` and `chat` with exit 3
/// within the handshake deadline, naming the server and what it printed.
@Suite struct MCPServerFailureTests {
  func configured(_ script: String) throws -> (URL, [String: String]) {
    let home = try CLI.temporaryDirectory()
    let server = home.appendingPathComponent("server.sh")
    try "#!/bin/sh\n\(script)\n".write(to: server, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: server.path)
    let config = home.appendingPathComponent("mcp.json")
    try #"{"mcpServers": {"flaky-cloud": {"command": "\#(server.path)", "args": []}}}"#.write(to: config, atomically: true, encoding: .utf8)
    return (config, ["HOME": home.path, "XDG_DATA_HOME": home.path, "LANDFALL_MCP_HANDSHAKE_SECONDS": "3", "LANDFALL_MODEL": "m"])
  }

  @Test func aServerThatPrintsAnErrorAndExitsIsExitThreeNamingIt() throws {
    let (config, environment) = try configured("echo 'fatal: API key missing' >&2; sleep 1; exit 1")
    let started = ContinuousClock.now
    let result = try CLI.run(["tools", "list", "--mcp-config", config.path], environment: environment)
    #expect(result.status == 3, "\(result.stderr)")
    #expect(result.stderr.contains("flaky-cloud"), "\(result.stderr)")
    #expect(result.stderr.contains("fatal: API key missing"), "\(result.stderr)")
    #expect(ContinuousClock.now - started < .seconds(10))
  }

  @Test func aServerThatNeverAnswersIsExitThreeAtTheDeadline() throws {
    let (config, environment) = try configured("exec sleep 60")
    let started = ContinuousClock.now
    let result = try CLI.run(["chat", "--once", "--prompt", "hi", "--mcp-config", config.path, "--llm-url", "http://127.0.0.1:9/v1"], environment: environment)
    #expect(result.status == 3, "\(result.stderr)")
    #expect(result.stderr.contains("did not answer within 3 s"), "\(result.stderr)")
    #expect(ContinuousClock.now - started < .seconds(12))
  }
}
