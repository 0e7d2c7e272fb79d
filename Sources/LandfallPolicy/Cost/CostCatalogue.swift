public import LandfallModel

/// How a cloud server prices its write tools, derived from the server's own tool list.
///
/// The cloud names one `get_cost_estimate_<noun>` tool per kind of thing it charges for, taking
/// the same arguments as the write it prices. A write whose noun starts with an estimate's noun is
/// priced by that estimate (`create_block_storage_volume` by `get_cost_estimate_block_storage`,
/// `reserve_public_ip` by `get_cost_estimate_public_ip`). A write that changes a setting or adds
/// a free kind of object is free; any other write the catalogue cannot price is billable and,
/// having no estimate, cannot be approved.
public struct CostCatalogue: Sendable, Equatable {
  /// What a tool costs.
  public enum Pricing: Sendable, Equatable {
    /// Reads, destructive calls and writes that add nothing to the bill.
    case free
    /// Billable; the named estimate tool prices it.
    case priced(by: String)
    /// Billable, and nothing in the catalogue prices it.
    case unpriced
  }

  private static let estimatePrefix = "get_cost_estimate_"
  private static let freeVerbs: Set<String> = [
    "attach", "detach", "power", "restart", "enable", "disable", "update", "reset", "set", "assign", "unassign",
  ]
  private static let freeNouns: [String] = [
    "ssh_key", "firewall_rule", "egress_rule", "port_forwarding_rule", "static_nat", "dns_zone", "dns_record",
    "vm_hostname", "vm_console", "isolated_network", "network_acl", "acl", "object_storage_bucket",
    "object_storage_access_key",
  ]
  private let estimateNouns: [String]
  /// The server's listing tools (`list_*`).
  let listTools: Set<String>

  /// The catalogue of a server that lists `toolNames`.
  public init(toolNames: [String]) {
    listTools = Set(toolNames.filter { $0.hasPrefix("list_") })
    estimateNouns = toolNames.filter { $0.hasPrefix(Self.estimatePrefix) }
      .map { String($0.dropFirst(Self.estimatePrefix.count)) }
      .filter { !$0.isEmpty }
      .sorted { $0.count > $1.count }
  }

  /// The pricing of `name`, a tool with `effect`.
  public func pricing(for name: String, effect: ToolEffect) -> Pricing {
    guard effect == .write else { return .free }
    let (verb, noun) = Self.split(name)
    if let estimate = estimateNouns.first(where: { noun == $0 || noun.hasPrefix($0 + "_") }) {
      return Self.freeVerbs.contains(verb) ? .free : .priced(by: Self.estimatePrefix + estimate)
    }
    if Self.freeVerbs.contains(verb) { return .free }
    if Self.freeNouns.contains(where: { noun == $0 || noun.hasPrefix($0 + "_") || noun.hasSuffix("_" + $0) }) {
      return .free
    }
    return .unpriced
  }

  static func split(_ name: String) -> (verb: String, noun: String) {
    guard let underscore = name.firstIndex(of: "_") else { return (name, "") }
    return (String(name[..<underscore]), String(name[name.index(after: underscore)...]))
  }
}
