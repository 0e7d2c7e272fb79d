internal import LandfallModel

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
  public static func parse(_ text: String, path: String) throws(MCPConfigError) -> [MCPServerConfig] {
    let root: JSONValue
    do {
      root = try JSONParser.parse(text)
    } catch {
      throw MCPConfigError(path: path, message: error.description)
    }
    guard let servers = root["mcpServers"]?.objectValue else {
      throw MCPConfigError(path: path, message: "expected an object with \"mcpServers\"")
    }
    var configs: [MCPServerConfig] = []
    for entry in servers {
      guard let command = entry.value["command"]?.stringValue, !command.isEmpty else {
        throw MCPConfigError(path: path, message: "server \"\(entry.key)\" needs a \"command\"")
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

/// A `.mcp.json` that cannot be used (exit 2).
public struct MCPConfigError: Error, Sendable, Equatable, CustomStringConvertible {
  public var path: String
  public var message: String

  /// An error about the file at `path`.
  public init(path: String, message: String) {
    self.path = path
    self.message = message
  }

  public var description: String { "\(path): \(message)" }
}
