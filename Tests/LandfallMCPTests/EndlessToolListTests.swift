import Foundation
import LandfallMCP
import Testing

/// A server that always says there is another page of tools is given up on with a clear
/// reason, instead of keeping Landfall listing forever.
@Suite(.ownThreads) struct EndlessToolListTests {
  static let server = #"""
    import json, sys
    page = 0
    for line in sys.stdin:
        message = json.loads(line)
        if "id" not in message:
            continue
        if message["method"] == "initialize":
            result = {"protocolVersion": message["params"]["protocolVersion"], "capabilities": {"tools": {}},
                      "serverInfo": {"name": "endless", "version": "1"}}
        elif message["method"] == "tools/list":
            page += 1
            result = {"tools": [{"name": "tool_%d" % page, "inputSchema": {"type": "object"}}], "nextCursor": "page-%d" % page}
        else:
            result = {}
        print(json.dumps({"jsonrpc": "2.0", "id": message["id"], "result": result}), flush=True)
    """#

  @Test func aServerThatNeverStopsListingFailsTheHandshake() async throws {
    let script = FileManager.default.temporaryDirectory.appendingPathComponent("endless-\(UUID().uuidString).py")
    try Data(Self.server.utf8).write(to: script)
    defer { try? FileManager.default.removeItem(at: script) }
    let connection = MCPConnection(
      config: MCPServerConfig(name: "endless", command: "python3", arguments: [script.path]), searchPath: "/usr/bin:/bin",
      callTimeout: .seconds(5)) { _ in }
    do {
      let tools = try await connection.start()
      Issue.record("listed \(tools.count) tools without end")
    } catch {
      guard case .handshakeFailed(_, let reason) = error else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(reason.contains("more than 4096 tools or 64 pages"), "\(reason)")
    }
  }
}
