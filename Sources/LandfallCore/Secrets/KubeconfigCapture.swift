public import LandfallModel

/// Keeps a cluster's kubeconfig (it holds the cluster's admin credentials) out of the model's
/// sight: the cloud's answer goes into the vault and the model sees where it went.
public enum KubeconfigCapture {
  /// The vault name the kubeconfig is kept under, and that `kube_apply` reads.
  public static let vaultName = "KUBECONFIG"

  /// For a `get_kubernetes_cluster_config` answer, keeps `configdata` in the call's vault and
  /// returns the answer with the kubeconfig replaced by a note; `nil` for any other tool or answer.
  public static func capture(tool: String, body: JSONValue, context: ToolContext) async throws(ToolFailure) -> JSONValue? {
    guard tool == "get_kubernetes_cluster_config", let config = body["configdata"]?.stringValue, !config.isEmpty else { return nil }
    try await context.keep(vaultName, Secret(config), origin: .minted)
    return body.setting(
      "configdata", to: .string("stored in the vault as \(vaultName) (kube_apply uses it); the kubeconfig itself is not shown"))
  }
}
