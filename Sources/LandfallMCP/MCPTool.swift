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

  public func run(_ arguments: JSONValue, context: ToolContext) async throws(ToolFailure) -> ToolOutput {
    let result: MCPToolResult
    do {
      result = try await connection.call(definition.name, arguments: arguments, retryable: definition.readOnly)
    } catch {
      switch error {
      case .startFailed, .handshakeFailed: throw .unavailable(error.description)
      case .serverDied, .timedOut, .protocolFailure: throw .failed(error.description)
      }
    }
    guard !result.isError else { return ToolOutput(result.text, isError: true) }
    guard let body = try? JSONParser.parse(result.text) else { return ToolOutput(result.text) }
    if definition.name == "create_ssh_key", let privateKey = body["privateKey"]?.stringValue {
      let name = body["name"]?.stringValue ?? "key"
      let secret = Secret(privateKey)
      let path = try await keys.save(name: name, key: secret)
      try await context.keep("SSH_PRIVATE_KEY_" + name.uppercased().replacing("-", with: "_"), secret, origin: .minted)
      let shown = JSONValue.object((body.objectValue ?? []).filter { $0.key != "privateKey" })
        .setting("privateKeyFile", to: .string("saved to \(path) (mode 0600); the key itself is not shown"))
      return ToolOutput(JSONWriter.string(shown, style: .pretty(indent: 2)), facts: [.keySaved(path)])
    }
    return ToolOutput(result.text, facts: Self.facts(definition.name, body))
  }

  static func facts(_ name: String, _ body: JSONValue) -> [MigrationFact] {
    guard name.hasPrefix("list_public_ips") || name == "get_public_ip" else { return [] }
    let entries = body["data"]?.arrayValue ?? [body]
    return entries.filter { $0["isSourceNat"]?.boolValue == true || $0["isStaticNat"]?.boolValue == true }
      .compactMap { $0["ipAddress"]?.stringValue }.map(MigrationFact.vmAddress)
  }
}
