public import LandfallModel

/// A tool as an MCP server lists it.
public struct MCPToolDefinition: Sendable, Equatable {
  public var name: String
  public var title: String?
  public var description: String
  public var inputSchema: JSONValue
  public var readOnly: Bool
  public var destructive: Bool
  public var idempotent: Bool
  public var openWorld: Bool

  /// Creates a definition.
  public init(
    name: String, title: String? = nil, description: String, inputSchema: JSONValue, readOnly: Bool,
    destructive: Bool = false, idempotent: Bool = false, openWorld: Bool = true
  ) {
    self.name = name
    self.title = title
    self.description = description
    self.inputSchema = inputSchema
    self.readOnly = readOnly
    self.destructive = destructive
    self.idempotent = idempotent
    self.openWorld = openWorld
  }
}

/// What a tool call over MCP gave back: the text content and whether it is an error.
public struct MCPToolResult: Sendable, Equatable {
  public var text: String
  public var isError: Bool

  /// Creates a result.
  public init(text: String, isError: Bool = false) {
    self.text = text
    self.isError = isError
  }
}

/// The behaviour of an MCP server, served over stdio by `MCPStdioServer` (LandfallMCP).
///
/// Implemented by the fake American Cloud (LandfallFakes).
public protocol MCPToolProvider: Sendable {
  /// The server's name and version for the handshake.
  var serverInfo: (name: String, version: String) { get }
  /// The instructions sent in the handshake.
  var instructions: String { get }
  /// The tools to list.
  func tools() async -> [MCPToolDefinition]
  /// Runs a call; unknown tools and invalid arguments are results with `isError`.
  func call(_ name: String, arguments: JSONValue) async -> MCPToolResult
}
