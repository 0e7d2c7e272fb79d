import Foundation
import LandfallCore
import LandfallMCP
import LandfallModel

/// Starts `landfall fake cloud-mcp` through the real MCP client.
enum FakeCloudServer {
  static let binary: String = {
    var directory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("landfall").path), directory.path != "/" {
      directory = directory.deletingLastPathComponent()
    }
    return directory.appendingPathComponent("landfall").path
  }()

  static func connection(
    _ flags: [String] = ["--allow-writes", "--services", "compute,storage,networking,dns"], state: String? = nil,
    environment: [String: String] = [:], timeout: Duration = .seconds(30)
  ) -> MCPConnection {
    var arguments = ["fake", "cloud-mcp"] + flags
    if let state { arguments += ["--state", state] }
    return MCPConnection(
      config: MCPServerConfig(name: "americancloud", command: binary, arguments: arguments, environment: environment),
      searchPath: "/usr/bin:/bin", callTimeout: timeout) { _ in }
  }

  static func temporaryFile(_ name: String) -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("landfall-mcp-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory.appendingPathComponent(name).path
  }
}

extension MCPConnection {
  func json(_ name: String, _ arguments: JSONValue = .object([])) async throws -> JSONValue {
    let result = try await call(name, arguments: arguments, retryable: false)
    guard !result.isError else { throw MCPTestFailure(text: result.text) }
    return try JSONParser.parse(result.text)
  }
}

struct MCPTestFailure: Error, CustomStringConvertible {
  var text: String
  var description: String { text }
}
