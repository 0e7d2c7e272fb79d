public import LandfallCore
public import LandfallModel

/// A tool with a fixed spec that answers from a script and records the arguments it received
/// (after secret substitution), for runner and policy tests.
public actor ScriptedTool: Tool {
  public nonisolated let spec: ToolSpec
  private var outputs: [Result<ToolOutput, ToolFailure>]
  private let fallback: ToolOutput
  public private(set) var received: [JSONValue] = []

  /// A tool named `name` with `effect`; `outputs` are returned in order, then `fallback`.
  public init(
    name: String, effect: ToolEffect, billable: Bool = false, pricedBy: String? = nil, acceptsSecrets: Bool = false,
    schema: JSONValue = .object([("type", .string("object"))]),
    outputs: [Result<ToolOutput, ToolFailure>] = [], fallback: ToolOutput = ToolOutput("ok")
  ) {
    spec = ToolSpec(
      name: name, description: "scripted \(name)", inputSchema: schema, effect: effect, billable: billable,
      pricedBy: pricedBy, acceptsSecrets: acceptsSecrets)
    self.outputs = outputs
    self.fallback = fallback
  }

  public func run(_ arguments: JSONValue, context: ToolContext) async throws(ToolFailure) -> ToolOutput {
    received.append(arguments)
    guard !outputs.isEmpty else { return fallback }
    return try outputs.removeFirst().get()
  }
}
