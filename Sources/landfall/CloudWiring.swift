import Foundation
import LandfallCore
import LandfallMCP
import LandfallModel
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

  func connect(into registry: inout ToolRegistry, vault: SecretVault) async throws -> [MCPConnection] {
    let log = live.logFile()
    var connections: [MCPConnection] = []
    for config in try configs() {
      let seconds = live.environment["LANDFALL_MCP_HANDSHAKE_SECONDS"].flatMap(Int.init).map { max(1, $0) } ?? 20
      let connection = MCPConnection(
        config: config, searchPath: live.environment["PATH"] ?? "/usr/bin:/bin", handshakeTimeout: .seconds(seconds)
      ) { line in
        Task { log.append(await vault.redactor.redact(line)) }
      }
      do {
        try await MCPToolset.register(connection, server: config.name, keys: LocalPrivateKeyStore(directory: live.sshDirectory), into: &registry)
      } catch {
        await connection.stop()
        for started in connections { await started.stop() }
        throw LandfallFailure(message: error.description, exitCode: 3)
      }
      connections.append(connection)
    }
    return connections
  }
}
