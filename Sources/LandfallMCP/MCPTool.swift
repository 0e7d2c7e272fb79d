public import LandfallCore
public import LandfallModel
public import LandfallPolicy

/// A tool served by an MCP server, as the runner sees it.
///
/// The effect class comes from the server's annotations (then the name); a generated SSH private
/// key in a result is saved to disk and replaced by its path before anyone sees it; the source-NAT
/// address in a public-IP listing is reported as the VM's address. An update that rewrites a DNS
/// record with the content the zone's listing shows for it changes only the TTL, so it does not
/// count as pointing the domain; the listing is read again just before such a call goes out.
public struct MCPTool: Tool {
  private let connection: MCPConnection
  private let definition: MCPToolDefinition
  private let server: String
  private let keys: any PrivateKeyStore
  private let pricing: CostCatalogue.Pricing
  private let creates: CreatedResource?
  private let records: DNSRecordBook

  /// A tool from `server`, priced by `catalogue` (the same server's tool list), which also
  /// declares the resource a create makes; `records` is the
  /// DNS listing shared by the server's tools.
  public init(
    connection: MCPConnection, definition: MCPToolDefinition, server: String, keys: any PrivateKeyStore,
    catalogue: CostCatalogue, records: DNSRecordBook = DNSRecordBook()
  ) {
    self.records = records
    self.connection = connection
    self.definition = definition
    self.server = server
    self.keys = keys
    pricing = catalogue.pricing(for: definition.name, effect: definition.effect)
    creates = catalogue.createdResource(for: definition.name, effect: definition.effect, inputSchema: definition.inputSchema)
  }

  public var spec: ToolSpec {
    definition.spec(server: server, pricing: pricing, creates: creates)
  }

  public func action(for arguments: JSONValue) -> MigrationAction {
    if let rewrite = DNSRecordRewrite(tool: definition.name, arguments: arguments), records.holds(rewrite) { return .other }
    return definition.action(for: arguments)
  }

  public func run(_ arguments: JSONValue, context: ToolContext) async throws(ToolFailure) -> ToolOutput {
    if let rewrite = DNSRecordRewrite(tool: definition.name, arguments: arguments), records.holds(rewrite) {
      let listing = try await call("list_dns_records", .object([("zoneId", .string(rewrite.zone)), ("pageSize", .int(500))]), retryable: true)
      records.learn(zone: rewrite.zone, listing: listing.isError ? "" : listing.text)
      guard records.holds(rewrite) else {
        throw .failed(
          "\(rewrite.name) \(rewrite.type) no longer holds exactly \(rewrite.content) in the zone, so this update would move it; list the zone's records again")
      }
    }
    defer { if let zone = zoneWritten(by: arguments) { records.forget(zone: zone) } }
    let result = try await call(definition.name, arguments, retryable: definition.readOnly)
    guard !result.isError else { return ToolOutput(result.text, isError: true) }
    if definition.name == "list_dns_records", let zone = arguments["zoneId"]?.stringValue { records.learn(zone: zone, listing: result.text) }
    do {
      return try await CloudResult.output(tool: definition.name, text: result.text, keys: keys, context: context)
    } catch {
      throw .interrupted("the cloud carried out \(definition.name), but its result could not be kept: \(error.message)")
    }
  }

  /// The DNS zone this call may change, whose listing is then out of date.
  private func zoneWritten(by arguments: JSONValue) -> String? {
    guard !definition.readOnly else { return nil }
    if definition.name.hasSuffix("_dns_record") { return arguments["zoneId"]?.stringValue }
    return definition.name == "delete_dns_zone" ? arguments["id"]?.stringValue : nil
  }

  private func call(_ name: String, _ arguments: JSONValue, retryable: Bool) async throws(ToolFailure) -> MCPToolResult {
    do {
      return try await connection.call(name, arguments: arguments, retryable: retryable)
    } catch {
      switch error {
      case .startFailed, .handshakeFailed: throw .unavailable(error.description)
      case .serverDied, .timedOut, .protocolFailure: throw .interrupted(error.description)
      }
    }
  }
}
