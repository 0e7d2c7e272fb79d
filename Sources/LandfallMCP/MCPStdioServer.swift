public import LandfallCore
internal import LandfallModel
internal import Logging
internal import MCP

/// Serves an `MCPToolProvider` as an MCP server on standard input and output.
///
/// Standard output carries JSON-RPC only; the server returns when standard input closes.
public enum MCPStdioServer {
  /// Runs until the client disconnects.
  public static func serve(_ provider: any MCPToolProvider) async throws {
    let info = provider.serverInfo
    let server = Server(
      name: info.name, version: info.version, instructions: provider.instructions,
      capabilities: .init(tools: .init(listChanged: true)))
    await server.withMethodHandler(ListTools.self) { _ in
      let definitions = await provider.tools()
      return ListTools.Result(tools: definitions.map { Self.tool($0) })
    }
    await server.withMethodHandler(CallTool.self) { parameters in
      let arguments: JSONValue = .object(
        (parameters.arguments ?? [:]).keys.sorted().map { (key: $0, value: MCPValue.json(parameters.arguments?[$0] ?? .null)) })
      let result = await provider.call(parameters.name, arguments: arguments)
      return CallTool.Result(content: [.text(text: result.text, annotations: nil, _meta: nil)], isError: result.isError ? true : nil)
    }
    try await server.start(transport: StdioTransport())
    await server.waitUntilCompleted()
  }

  static func tool(_ definition: MCPToolDefinition) -> MCP.Tool {
    MCP.Tool(
      name: definition.name, title: definition.title, description: definition.description,
      inputSchema: MCPValue.value(definition.inputSchema),
      annotations: .init(
        title: definition.title, readOnlyHint: definition.readOnly, destructiveHint: definition.destructive,
        idempotentHint: definition.idempotent, openWorldHint: definition.openWorld))
  }
}
