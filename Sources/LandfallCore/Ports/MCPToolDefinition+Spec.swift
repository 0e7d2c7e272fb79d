public import LandfallModel
public import LandfallPolicy

extension MCPToolDefinition {
  /// The effect class from the server's annotations, then the name.
  public var effect: ToolEffect {
    EffectClassifier.effect(name: name, readOnlyHint: readOnly, destructiveHint: destructive)
  }

  /// The spec the model and the policy see for this tool of `server`, priced as `pricing` says.
  public func spec(server: String, pricing: CostCatalogue.Pricing) -> ToolSpec {
    var billable = false
    var estimateTool: String?
    switch pricing {
    case .free: break
    case .priced(let by):
      billable = true
      estimateTool = by
    case .unpriced: billable = true
    }
    return ToolSpec(
      name: name, description: description, inputSchema: inputSchema, effect: effect, billable: billable,
      pricedBy: estimateTool, source: .mcp(server: server))
  }
}
