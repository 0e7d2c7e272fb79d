public import LandfallModel

/// Decides a tool's effect class and whether it costs money.
///
/// MCP annotations win; otherwise the name decides; a name that says nothing means `write`.
public enum EffectClassifier {
  private static let readPrefixes = ["list_", "get_", "get_cost_estimate_", "describe_", "show_"]
  private static let destructivePrefixes = ["delete_", "destroy_", "release_", "detach_", "revert_", "cancel_", "reinstall_"]
  private static let billableNames: Set<String> = [
    "create_vm", "scale_vm", "resize_vm_disk", "create_block_storage_volume", "resize_block_storage_volume",
    "create_kubernetes_cluster", "scale_kubernetes_cluster", "create_load_balancer_rule",
    "acquire_public_ip", "create_public_ip", "create_vpc_network", "create_snapshot", "create_database",
  ]

  /// The effect from MCP hints (`readOnlyHint`, `destructiveHint`) or, without them, the name.
  public static func effect(name: String, readOnlyHint: Bool? = nil, destructiveHint: Bool? = nil) -> ToolEffect {
    if readOnlyHint == true { return .read }
    if destructiveHint == true { return .destructive }
    if readOnlyHint == false, destructiveHint == false { return .write }
    if destructivePrefixes.contains(where: name.hasPrefix) { return .destructive }
    if readPrefixes.contains(where: name.hasPrefix) { return .read }
    return .write
  }

  /// True for creates and resizes that add to the monthly bill.
  public static func isBillable(name: String) -> Bool {
    billableNames.contains(name)
  }

  /// The estimate tool whose result prices a call of `name`, if there is one.
  public static func estimateTool(for name: String) -> String? {
    switch name {
    case "create_vm", "scale_vm": return "get_cost_estimate_vm"
    case "create_block_storage_volume", "resize_block_storage_volume": return "get_cost_estimate_block_storage"
    case "create_kubernetes_cluster", "scale_kubernetes_cluster": return "get_cost_estimate_kubernetes"
    case "acquire_public_ip", "create_public_ip": return "get_cost_estimate_public_ip"
    case "create_vpc_network": return "get_cost_estimate_vpc_network"
    case "create_snapshot": return "get_cost_estimate_snapshot"
    case "create_database": return "get_cost_estimate_database"
    case "create_load_balancer_rule": return "get_cost_estimate_public_ip"
    default: return nil
    }
  }
}
