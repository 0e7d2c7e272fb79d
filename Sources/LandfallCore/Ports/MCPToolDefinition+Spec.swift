import Foundation
public import LandfallModel
public import LandfallPolicy

extension MCPToolDefinition {
  /// The effect class from the server's annotations, then the name.
  public var effect: ToolEffect {
    EffectClassifier.effect(name: name, readOnlyHint: readOnly, destructiveHint: destructive)
  }

  /// The ordering-relevant step a call of this cloud tool is: creating or changing an address
  /// record (A, AAAA, CNAME, ALIAS) points the domain, whatever the record's name. An update that
  /// only rewrites a record with the content it has cannot be told apart from the arguments alone,
  /// so it counts as pointing too; `MCPTool` tells it apart from the zone's listing.
  public func action(for arguments: JSONValue) -> MigrationAction {
    guard ["create_dns_record", "update_dns_record"].contains(name) else { return .other }
    let type = (arguments["type"]?.stringValue ?? "").trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
    switch type {
    case "TXT", "MX", "CAA", "SRV": return .other
    case "CNAME", "ALIAS": return .pointDNS(to: nil)
    default: return .pointDNS(to: arguments["content"]?.stringValue ?? "")
    }
  }

  /// The spec the model and the policy see for this tool of `server`, priced as `pricing` says;
  /// `creates` declares the lasting resource a call makes, if any.
  public func spec(server: String, pricing: CostCatalogue.Pricing, creates: CreatedResource? = nil) -> ToolSpec {
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
      pricedBy: estimateTool, source: .mcp(server: server), creates: creates)
  }
}
