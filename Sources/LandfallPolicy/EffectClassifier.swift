public import LandfallModel

/// Decides a tool's effect class.
///
/// MCP annotations win; otherwise the name decides; a name that says nothing means `write`.
public enum EffectClassifier {
  private static let readPrefixes = ["list_", "get_", "get_cost_estimate_", "describe_", "show_"]
  private static let destructivePrefixes = ["delete_", "destroy_", "release_", "detach_", "revert_", "cancel_", "reinstall_"]

  /// The effect from MCP hints (`readOnlyHint`, `destructiveHint`) or, without them, the name.
  public static func effect(name: String, readOnlyHint: Bool? = nil, destructiveHint: Bool? = nil) -> ToolEffect {
    if readOnlyHint == true { return .read }
    if destructiveHint == true { return .destructive }
    if readOnlyHint == false, destructiveHint == false { return .write }
    if destructivePrefixes.contains(where: name.hasPrefix) { return .destructive }
    if readPrefixes.contains(where: name.hasPrefix) { return .read }
    return .write
  }
}
