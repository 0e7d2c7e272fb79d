public import LandfallCore
public import LandfallModel
public import LandfallPolicy

/// A tool served by an MCP server, as the runner sees it.
///
/// The effect class comes from the server's annotations (then the name); a generated SSH private
/// key in a result is saved to disk and replaced by its path before anyone sees it; the source-NAT
/// address in a public-IP listing is reported as the VM's address.
public struct MCPTool: Tool {
  private let connection: MCPConnection
  private let definition: MCPToolDefinition
  private let server: String
  private let keys: any PrivateKeyStore
  private let pricing: CostCatalogue.Pricing

  /// A tool from `server`, priced by `catalogue` (the same server's tool list).
  public init(
    connection: MCPConnection, definition: MCPToolDefinition, server: String, keys: any PrivateKeyStore,
    catalogue: CostCatalogue
  ) {
    self.connection = connection
    self.definition = definition
    self.server = server
    self.keys = keys
    pricing = catalogue.pricing(for: definition.name, effect: definition.effect)
  }

  public var spec: ToolSpec {
    definition.spec(server: server, pricing: pricing)
  }

  public func action(for arguments: JSONValue) -> MigrationAction { definition.action(for: arguments) }

  public func run(_ arguments: JSONValue, context: ToolContext) async throws(ToolFailure) -> ToolOutput {
    let result: MCPToolResult
    do {
      result = try await connection.call(definition.name, arguments: arguments, retryable: definition.readOnly)
    } catch {
      switch error {
      case .startFailed, .handshakeFailed: throw .unavailable(error.description)
      case .serverDied, .timedOut, .protocolFailure: throw .interrupted(error.description)
      }
    }
    guard !result.isError else { return ToolOutput(result.text, isError: true) }
    do {
      return try await CloudResult.output(tool: definition.name, text: result.text, keys: keys, context: context)
    } catch {
      throw .interrupted("the cloud carried out \(definition.name), but its result could not be kept: \(error.message)")
    }
  }
}
