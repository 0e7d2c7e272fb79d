public import LandfallModel

/// One MCP server to start: a command, its arguments and extra environment, in the
/// `{"mcpServers": {name: {command, args, env}}}` format other MCP clients use.
public struct MCPServerConfig: Sendable, Equatable {
  public var name: String
  public var command: String
  public var arguments: [String]
  public var environment: [String: String]

  /// Creates a configuration.
  public init(name: String, command: String, arguments: [String], environment: [String: String] = [:]) {
    self.name = name
    self.command = command
    self.arguments = arguments
    self.environment = environment
  }

  /// The American Cloud server: `npx -y @americancloud/mcp` with the compute, storage,
  /// networking and dns groups, and `--allow-writes` only when the session allows writes.
  public static func americanCloud(allowWrites: Bool) -> MCPServerConfig {
    var arguments = ["-y", "@americancloud/mcp", "--services", "compute,storage,networking,kubernetes,dns"]
    if allowWrites { arguments.append("--allow-writes") }
    return MCPServerConfig(name: "americancloud", command: "npx", arguments: arguments)
  }

  /// Reads a `.mcp.json` text; errors say what is wrong and where.
  public static func parse(_ text: String, path: String) throws(InputError) -> [MCPServerConfig] {
    let root: JSONValue
    do {
      root = try JSONParser.parse(text)
    } catch {
      throw error.from(path)
    }
    guard let servers = root["mcpServers"]?.objectValue else {
      throw InputError("expected an object with \"mcpServers\"", source: path)
    }
    var configs: [MCPServerConfig] = []
    for entry in servers {
      guard let command = entry.value["command"]?.stringValue, !command.isEmpty else {
        throw InputError("server \"\(entry.key)\" needs a \"command\"", source: path)
      }
      let arguments = (entry.value["args"]?.arrayValue ?? []).compactMap(\.stringValue)
      var environment: [String: String] = [:]
      for variable in entry.value["env"]?.objectValue ?? [] {
        environment[variable.key] = variable.value.stringValue ?? JSONWriter.string(variable.value)
      }
      configs.append(MCPServerConfig(name: entry.key, command: command, arguments: arguments, environment: environment))
    }
    return configs
  }
}
