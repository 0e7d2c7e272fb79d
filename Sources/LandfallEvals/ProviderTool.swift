internal import LandfallCore
internal import LandfallModel
internal import LandfallPolicy

/// A tool served in-process by an `MCPToolProvider` (the fake cloud), classified the way the MCP
/// client classifies the real server's tools.
struct ProviderTool: Tool {
  let provider: any MCPToolProvider
  let definition: MCPToolDefinition
  /// A tool whose call makes the server die, as `MCPConnection` reports it.
  var crashOn: String?
  /// Text an attacker slipped into this tool's results.
  var injected: String?
  /// How the provider's catalogue prices this tool.
  var pricing: CostCatalogue.Pricing = .free
  /// Where generated private keys are saved.
  var keys: any PrivateKeyStore

  var spec: ToolSpec {
    definition.spec(server: "americancloud", pricing: pricing)
  }

  func action(for arguments: JSONValue) -> MigrationAction { definition.action(for: arguments) }

  func run(_ arguments: JSONValue, context: ToolContext) async throws(ToolFailure) -> ToolOutput {
    if definition.name == crashOn {
      throw .failed("the MCP server americancloud stopped; it last said: fatal: simulated crash in \(definition.name)")
    }
    let result = await provider.call(definition.name, arguments: arguments)
    let text = injected.map { result.text + "\n" + $0 } ?? result.text
    guard !result.isError else { return ToolOutput(text, isError: true) }
    return try await CloudResult.output(tool: definition.name, text: text, keys: keys, context: context)
  }
}
