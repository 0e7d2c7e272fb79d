public import LandfallCore
public import LandfallModel
internal import LandfallPolicy

/// The phases that offer each cloud tool, so a request carries only the few a step needs.
public enum MCPToolset {
  /// The phases in which `name` is offered.
  public static func phases(for name: String, readOnly: Bool) -> Set<MigrationPhase> {
    if name == "get_server_info" { return [.planAndPrice, .provisionAndDeploy] }
    let dns = name.contains("dns")
    if dns { return readOnly ? [.dnsAndTLS, .verifyAndDecommission] : [.dnsAndTLS] }
    if name.hasPrefix("get_cost_estimate_") { return [.planAndPrice, .provisionAndDeploy] }
    if name.contains("kubernetes") { return kubernetesPhases(name) }
    if ["list_regions", "list_images", "list_vm_packages", "get_vm_package_by_label", "get_image_by_label", "get_region_by_label"]
      .contains(name)
    {
      return [.planAndPrice, .provisionAndDeploy]
    }
    if ["get_vm", "list_vms", "list_public_ips_by_isolated_network", "get_public_ip", "list_public_ips"].contains(name) {
      return [.provisionAndDeploy, .migrateData, .dnsAndTLS, .verifyAndDecommission]
    }
    return [.provisionAndDeploy]
  }

  /// Kubernetes tools: versions and packages while planning; a cluster is created, watched and its
  /// kubeconfig fetched in phase 3; power, scaling, upgrades and deletion are never offered.
  static func kubernetesPhases(_ name: String) -> Set<MigrationPhase> {
    switch name {
    case "list_kubernetes_versions", "list_kubernetes_packages": return [.planAndPrice, .provisionAndDeploy]
    case "create_kubernetes_cluster", "get_kubernetes_cluster", "list_kubernetes_clusters", "get_kubernetes_cluster_config":
      return [.provisionAndDeploy]
    default: return []
    }
  }

  /// Starts `connection`'s server and adds its tools to `registry`.
  public static func register(
    _ connection: MCPConnection, server: String, keys: any PrivateKeyStore, into registry: inout ToolRegistry
  ) async throws(MCPError) {
    let definitions = try await connection.start()
    let catalogue = CostCatalogue(toolNames: definitions.map(\.name))
    let records = DNSRecordBook()
    for definition in definitions {
      registry.add(
        [MCPTool(connection: connection, definition: definition, server: server, keys: keys, catalogue: catalogue, records: records)],
        phases: phases(for: definition.name, readOnly: definition.readOnly))
    }
  }
}
