/// What a tool can do to the world, from least to most dangerous.
public enum ToolEffect: String, Sendable, Equatable, Comparable, CaseIterable {
  /// Only looks.
  case read
  /// Creates or changes something that can be undone.
  case write
  /// Deletes, releases or otherwise loses something for good.
  case destructive

  private var rank: Int {
    switch self {
    case .read: return 0
    case .write: return 1
    case .destructive: return 2
    }
  }

  public static func < (lhs: ToolEffect, rhs: ToolEffect) -> Bool { lhs.rank < rhs.rank }
}

/// Where a tool comes from.
public enum ToolSource: Sendable, Equatable, CustomStringConvertible {
  /// Written in Swift inside Landfall.
  case builtin
  /// Listed by the named MCP server.
  case mcp(server: String)

  public var description: String {
    switch self {
    case .builtin: return "builtin"
    case .mcp(let server): return "mcp:\(server)"
    }
  }
}

/// A tool as the model and the policy see it.
public struct ToolSpec: Sendable, Equatable {
  public var name: String
  public var description: String
  public var inputSchema: JSONValue
  public var effect: ToolEffect
  public var billable: Bool
  /// The estimate tool whose result prices a call of this tool (billable tools only); `nil` for a
  /// billable tool means nothing can price it, so the cost gate refuses it.
  public var pricedBy: String?
  public var source: ToolSource
  /// Whether `{{secret:NAME}}` handles may be substituted into this tool's arguments.
  public var acceptsSecrets: Bool
  /// Set when a call makes a lasting cloud resource: how to find one that already exists.
  public var creates: CreatedResource?

  /// Creates a spec.
  public init(
    name: String, description: String, inputSchema: JSONValue, effect: ToolEffect, billable: Bool = false,
    pricedBy: String? = nil, source: ToolSource = .builtin, acceptsSecrets: Bool = false, creates: CreatedResource? = nil
  ) {
    self.creates = creates
    self.pricedBy = pricedBy
    self.name = name
    self.description = description
    self.inputSchema = inputSchema
    self.effect = effect
    self.billable = billable
    self.source = source
    self.acceptsSecrets = acceptsSecrets
  }

  /// The entry printed by `landfall tools list --json`.
  public var listing: JSONValue {
    .object([
      ("name", .string(name)), ("description", .string(description)), ("effect", .string(effect.rawValue)),
      ("billable", .bool(billable)), ("inputSchema", inputSchema), ("source", .string(source.description)),
    ])
  }
}

/// One tool call the model asked for.
public struct ToolCall: Sendable, Equatable {
  public var id: String
  public var name: String
  public var arguments: JSONValue

  /// A call of `name` with `arguments` (a JSON object).
  public init(id: String, name: String, arguments: JSONValue) {
    self.id = id
    self.name = name
    self.arguments = arguments
  }
}

/// A migration phase; 7 is the follow-up that writes the deploy script.
public enum MigrationPhase: Int, Sendable, Equatable, CaseIterable, Comparable {
  case inventory = 1
  case planAndPrice = 2
  case provisionAndDeploy = 3
  case migrateData = 4
  case dnsAndTLS = 5
  case verifyAndDecommission = 6
  case deployScript = 7

  /// Phases in which nothing may be written, whatever the flags say.
  public var isReadOnly: Bool {
    self == .inventory || self == .planAndPrice || self == .verifyAndDecommission
  }

  public static func < (lhs: MigrationPhase, rhs: MigrationPhase) -> Bool { lhs.rawValue < rhs.rawValue }

  /// A short title for people.
  public var title: String {
    switch self {
    case .inventory: return "inventory"
    case .planAndPrice: return "plan and price"
    case .provisionAndDeploy: return "provision and deploy"
    case .migrateData: return "migrate data"
    case .dnsAndTLS: return "DNS and TLS"
    case .verifyAndDecommission: return "verify and decommission"
    case .deployScript: return "deploy script"
    }
  }
}
