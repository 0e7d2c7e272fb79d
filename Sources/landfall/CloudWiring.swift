import Foundation
import LandfallCore
import LandfallMCP
import LandfallModel
import LandfallSession
import LandfallTransport

/// Finds the MCP servers for a session, starts them, and adds their tools to the registry.
struct CloudWiring {
  let options: SessionOptions
  let live: LiveWiring

  /// The servers to start: the sandbox's fake cloud, `--mcp-config`, `.mcp.json` in the app
  /// directory, `~/.config/landfall/mcp.json`, or the American Cloud default.
  func configs() throws -> [MCPServerConfig] {
    if options.sandbox {
      var arguments = ["fake", "cloud-mcp", "--services", "compute,storage,networking,kubernetes,dns", "--state", live.sandboxDirectory() + "/cloud.json"]
      if options.allowWrites { arguments.append("--allow-writes") }
      return [MCPServerConfig(name: "americancloud", command: live.selfPath, arguments: arguments)]
    }
    let candidates = [options.mcpConfig, Path.join(options.appDir, ".mcp.json"), live.configHome() + "/mcp.json"].compactMap { $0 }
    for path in candidates where FileManager.default.fileExists(atPath: path) {
      let text: String
      do {
        text = try LocalFileSource().text(at: path)
      } catch {
        throw LandfallFailure.usage(error.description)
      }
      do {
        return try MCPServerConfig.parse(text, path: path)
      } catch {
        throw LandfallFailure.usage(error.description)
      }
    }
    if let explicit = options.mcpConfig { throw LandfallFailure.usage("\(explicit): no such file") }
    return [MCPServerConfig.americanCloud(allowWrites: options.allowWrites)]
  }

  /// The servers of this session and where their messages are logged.
  func servers() throws -> CloudServers {
    let log = live.logFile()
    let seconds = live.environment["LANDFALL_MCP_HANDSHAKE_SECONDS"].flatMap(Int.init).map { max(1, $0) } ?? 20
    return CloudServers(
      configs: try configs(), searchPath: live.environment["PATH"] ?? "/usr/bin:/bin", environment: live.environment,
      handshakeTimeout: .seconds(seconds),
      keys: LocalPrivateKeyStore(directory: live.sshDirectory)) { log.append($0) }
  }
}
