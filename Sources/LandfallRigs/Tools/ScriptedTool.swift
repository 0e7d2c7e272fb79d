public import LandfallCore
public import LandfallModel
public import LandfallPolicy

/// A tool with a fixed spec that answers from a script and records the arguments it received
/// (after secret substitution), for runner and policy tests.
public actor ScriptedTool: Tool {
  public nonisolated let spec: ToolSpec
  private var outputs: [Result<ToolOutput, ToolFailure>]
  private let fallback: ToolOutput
  private let declaredAction: @Sendable (JSONValue) -> MigrationAction
  public private(set) var received: [JSONValue] = []

  /// A tool named `name` with `effect`; `outputs` are returned in order, then `fallback`;
  /// `action` declares the ordering-relevant step of a call, as a real tool would.
  public init(
    name: String, effect: ToolEffect, billable: Bool = false, pricedBy: String? = nil, acceptsSecrets: Bool = false,
    schema: JSONValue = .object([("type", .string("object"))]),
    outputs: [Result<ToolOutput, ToolFailure>] = [], fallback: ToolOutput = ToolOutput("ok"),
    action: @escaping @Sendable (JSONValue) -> MigrationAction = { _ in .other }
  ) {
    spec = ToolSpec(
      name: name, description: "scripted \(name)", inputSchema: schema, effect: effect, billable: billable,
      pricedBy: pricedBy, acceptsSecrets: acceptsSecrets)
    self.outputs = outputs
    self.fallback = fallback
    declaredAction = action
  }

  public nonisolated func action(for arguments: JSONValue) -> MigrationAction { declaredAction(arguments) }

  public func run(_ arguments: JSONValue, context: ToolContext) async throws(ToolFailure) -> ToolOutput {
    received.append(arguments)
    guard !outputs.isEmpty else { return fallback }
    return try outputs.removeFirst().get()
  }
}
