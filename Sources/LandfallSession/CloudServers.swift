public import LandfallCore
public import LandfallMCP
import LandfallModel

/// The MCP servers a session starts for its cloud tools, and how it talks to them.
public struct CloudServers: Sendable {
  /// The servers, in order.
  public var configs: [MCPServerConfig]
  /// Where their commands are looked up.
  public var searchPath: String
  /// What the servers start with before their own variables (this process's environment when nil).
  public var environment: [String: String]?
  /// How long a server has to finish the handshake.
  public var handshakeTimeout: Duration
  /// Where a generated private key in a cloud result is saved.
  public var keys: any PrivateKeyStore
  /// Where the servers' own messages go (redacted by the session first).
  public var onLog: @Sendable (String) -> Void

  /// Servers to start.
  public init(
    configs: [MCPServerConfig], searchPath: String, environment: [String: String]? = nil, handshakeTimeout: Duration = .seconds(20),
    keys: any PrivateKeyStore, onLog: @escaping @Sendable (String) -> Void
  ) {
    self.configs = configs
    self.searchPath = searchPath
    self.environment = environment
    self.handshakeTimeout = handshakeTimeout
    self.keys = keys
    self.onLog = onLog
  }

  /// Starts every server and adds its tools to `registry`; when one fails, the ones already
  /// started are stopped.
  func connect(into registry: inout ToolRegistry, redactor: @escaping @Sendable (String) async -> String) async throws(MCPError) -> [MCPConnection] {
    var connections: [MCPConnection] = []
    for config in configs {
      let log = onLog
      let connection = MCPConnection(
        config: config, searchPath: searchPath, environment: environment, handshakeTimeout: handshakeTimeout) { line in
        Task { log(await redactor(line)) }
      }
      do {
        try await MCPToolset.register(connection, server: config.name, keys: keys, into: &registry)
      } catch {
        await connection.stop()
        for started in connections { await started.stop() }
        throw error
      }
      connections.append(connection)
    }
    return connections
  }
}
