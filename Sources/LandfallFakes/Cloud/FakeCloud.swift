import Foundation
public import LandfallCore
public import LandfallModel

/// The fake American Cloud MCP server: the real server's tools, texts, errors and read-only
/// default, acting on a `FakeCloudState` kept in memory or in a shared state file.
public actor FakeCloud: MCPToolProvider {
  public static let groups = ["compute", "storage", "networking", "kubernetes", "databases", "wordpress", "dns"]
  public static let defaultGroups = ["compute", "storage", "networking", "kubernetes"]

  public nonisolated let serverInfo = (name: "americancloud", version: "0.7.0")
  public nonisolated let instructions = """
    One tool per American Cloud API operation. Call get_server_info first. Discover labels with list_regions, \
    list_images and list_vm_packages before creating anything. Every get_cost_estimate_* tool takes the same \
    arguments as its create_* tool and charges nothing. Resources are created asynchronously: poll the get_* tool \
    until the status settles. The server is read-only unless started with --allow-writes. Tools whose description \
    starts with ⚠️ DESTRUCTIVE cannot be undone: confirm with the user first. The default SSH login user on Linux \
    images is cloud; connect with ssh -i <private-key-file> cloud@<public-ip>.
    """

  private let allowWrites: Bool
  private let enabled: [String]
  private let statePath: String?
  var state: FakeCloudState

  /// A fake; `services` is the list of groups (nil: the default groups), `statePath` a shared file.
  public init(allowWrites: Bool, services: [String]? = nil, statePath: String? = nil, state: FakeCloudState = FakeCloudState()) {
    self.allowWrites = allowWrites
    enabled = services ?? Self.defaultGroups
    self.statePath = statePath
    self.state = state
  }

  /// The world as JSON, for graders and tests.
  public var snapshot: JSONValue { state.json }

  /// What `domain` resolves to in the hosted zones now: its CNAME chain and addresses, with their TTLs.
  public func resolve(_ domain: String) -> [DNSRecord] {
    if let statePath, let loaded = try? FakeCloudState.load(path: statePath) { return loaded.resolve(domain) }
    return state.resolve(domain)
  }

  /// True when the account hosts the DNS zone `zone` now.
  public func hostsZone(_ zone: String) -> Bool {
    if let statePath, let loaded = try? FakeCloudState.load(path: statePath) { return loaded.hostsZone(zone) }
    return state.hostsZone(zone)
  }

  /// Parses `--services`: comma-separated groups or `all`; unknown names are an error.
  public static func parseServices(_ text: String) -> Result<[String], FakeCloudUsageError> {
    let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    if names == ["all"] { return .success(groups) }
    let unknown = names.filter { !groups.contains($0) }
    guard unknown.isEmpty else {
      return .failure(FakeCloudUsageError(message: "unknown service(s): \(unknown.joined(separator: ", ")). Valid: \(groups.joined(separator: ", ")), all"))
    }
    return .success(names)
  }

  private var visibleEntries: [FakeCloudCatalog.Entry] {
    FakeCloudCatalog.all.filter { enabled.contains($0.group) && (allowWrites || $0.definition.readOnly) }
  }

  public func tools() async -> [MCPToolDefinition] {
    visibleEntries.map(\.definition) + [Self.serverInfoTool]
  }

  static let serverInfoTool = MCPToolDefinition(
    name: "get_server_info", title: "Get server info", description: "Describe this server: version, enabled groups and whether it is read-only.",
    inputSchema: S.object([]), readOnly: true, destructive: false, idempotent: true, openWorld: false)

  public func call(_ name: String, arguments: JSONValue) async -> MCPToolResult {
    if name == "get_server_info" { return Self.json(serverInfoBody) }
    guard let entry = visibleEntries.first(where: { $0.definition.name == name }) else {
      return MCPToolResult(text: "MCP error -32602: Tool \(name) not found", isError: true)
    }
    let problems = JSONSchemaValidator.problems(arguments, against: entry.definition.inputSchema)
    guard problems.isEmpty else {
      return MCPToolResult(
        text: "MCP error -32602: Input validation error: Invalid arguments for tool \(name): \(problems.joined(separator: "; "))",
        isError: true)
    }
    return withSharedState { handle(name, arguments) }
  }

  private var serverInfoBody: JSONValue {
    .object([
      ("server", .string("@americancloud/mcp")), ("version", .string(serverInfo.version)), ("sdkVersion", .string("1.6.0")),
      ("apiBaseUrl", .string("https://api.americancloud.com")),
      ("enabledGroups", enabled == Self.groups ? .string("all") : .strings(enabled)), ("readOnly", .bool(!allowWrites)),
      ("registeredTools", .int(visibleEntries.count + 1)),
    ])
  }

  private func withSharedState(_ body: () -> MCPToolResult) -> MCPToolResult {
    guard let statePath else { return body() }
    let lock = open(statePath + ".lock", O_CREAT | O_RDWR, 0o600)
    if lock >= 0 { flock(lock, LOCK_EX) }
    defer {
      if lock >= 0 {
        flock(lock, LOCK_UN)
        close(lock)
      }
    }
    if let loaded = try? FakeCloudState.load(path: statePath) { state = loaded }
    let before = state
    let result = body()
    if state != before { try? state.save(path: statePath) }
    return result
  }

  private func handle(_ name: String, _ arguments: JSONValue) -> MCPToolResult {
    if let result = handleCompute(name, arguments) { return result }
    if let result = handleStorage(name, arguments) { return result }
    if let result = handleNetworking(name, arguments) { return result }
    if let result = handleKubernetes(name, arguments) { return result }
    if let result = handleDNS(name, arguments) { return result }
    return Self.apiError(501, message: "\(name) is not implemented by the fake")
  }

  /// A successful result: the body as pretty JSON with two-space indent.
  static func json(_ body: JSONValue) -> MCPToolResult {
    MCPToolResult(text: JSONWriter.string(body.visible, style: .pretty(indent: 2)))
  }

  /// A successful call of an endpoint that returns no body.
  static func noContent(_ tool: String) -> MCPToolResult {
    MCPToolResult(text: "\(tool) succeeded (no content returned).")
  }

  /// An API error as the real server words it.
  static func apiError(_ status: Int, code: String? = nil, message: String) -> MCPToolResult {
    MCPToolResult(text: "American Cloud API error (\(status))\(code.map { " [\($0)]" } ?? ""): \(message)", isError: true)
  }

  /// A `{total, data}` page of `items`.
  static func page(_ items: [JSONValue], _ arguments: JSONValue) -> MCPToolResult {
    let size = arguments["pageSize"]?.intValue ?? 50
    let number = max(1, arguments["page"]?.intValue ?? 1)
    let slice = items.dropFirst((number - 1) * size).prefix(size)
    return json(.object([("total", .int(items.count)), ("data", .array(Array(slice)))]))
  }
}

/// A bad `--services` value (exit 2).
public struct FakeCloudUsageError: Error, Sendable, Equatable {
  public var message: String
}
