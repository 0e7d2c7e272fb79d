public import LandfallModel

/// The app's facts a prompt may mention: names and numbers only, never a secret value.
public struct PromptFacts: Sendable, Equatable {
  public var values: [String: String]

  /// Facts from an inventory; `vmAddress` once the VM exists.
  public init(inventory: Inventory?, vmAddress: String? = nil) {
    guard let inventory else {
      values = ["app": "the app", "vmAddress": vmAddress ?? "not known yet", "clusterSteps": ""]
      return
    }
    let none = "none"
    values = [
      "app": inventory.app ?? "the app",
      "target": [.docker: "a single VM with Docker", .compose: "a single VM with Docker Compose (one service per process group)",
                 .kubernetes: "managed Kubernetes"][inventory.runtime] ?? "a single VM",
      "runtime": inventory.runtime.rawValue,
      "processGroups": inventory.processGroups.map { "\($0.name) (\($0.command ?? "image CMD"))" }.joined(separator: ", "),
      "ports": inventory.services.map { service in
        let edges = service.ports.map { String($0.port) }.joined(separator: "/")
        return "\(edges) -> \(service.internalPort.map(String.init) ?? "?")"
      }.joined(separator: ", ").ifEmpty(none),
      "mounts": inventory.mounts.map { "\($0.source) at \($0.destination)" }.joined(separator: ", ").ifEmpty(none),
      "volumes": inventory.volumes.map { "\($0.name) \($0.sizeGb) GB" }.joined(separator: ", ").ifEmpty(none),
      "secretNames": inventory.secretNames.joined(separator: ", ").ifEmpty(none),
      "postgres": inventory.postgres.attached ? "attached" : "not found",
      "regions": inventory.regions.joined(separator: ", ").ifEmpty("unknown"),
      "vmSizes": inventory.vm.map { "\($0.processes.joined(separator: ",")): \($0.size ?? "?") \($0.memoryMb.map { "\($0) MB" } ?? "")" }
        .joined(separator: "; ").ifEmpty("not set in fly.toml"),
      "releaseCommand": inventory.releaseCommand ?? none,
      "vmAddress": vmAddress ?? "not known yet",
      "clusterSteps": inventory.runtime == .kubernetes ? Self.clusterSteps : "",
    ]
  }
}

extension PromptFacts {
  /// What phase 3 does instead of the VM steps when the app lands on managed Kubernetes.
  static let clusterSteps = """


    This app lands on managed Kubernetes, so the VM steps give way to these: price the cluster with get_cost_estimate_kubernetes, create it once the person approves the figures, wait until it is RUNNING, then get_kubernetes_cluster_config (the kubeconfig goes to the vault). A cluster cannot build images and American Cloud has no registry, so the image goes to the person's: ask for the repository (for example ghcr.io/OWNER/APP) and the user name, have them enter a token that may push with ask_secret (name REGISTRY_PASSWORD), then call image_push. Finally kube_apply with the pushed image and the same registryUsername and registryPasswordSecret.
    """
}

/// `{{name}}` placeholders filled from a dictionary; `{{secret:...}}` handles are left alone.
public enum PromptTemplate {
  /// `template` with every known placeholder replaced.
  public static func fill(_ template: String, with values: [String: String]) -> String {
    var output = ""
    var rest = template[...]
    while let open = rest.firstRange(of: "{{") {
      output += rest[..<open.lowerBound]
      guard let close = rest[open.upperBound...].firstRange(of: "}}") else {
        rest = rest[open.lowerBound...]
        break
      }
      let name = String(rest[open.upperBound..<close.lowerBound])
      output += values[name] ?? String(rest[open.lowerBound..<close.upperBound])
      rest = rest[close.upperBound...]
    }
    return output + rest
  }
}

extension String {
  fileprivate func ifEmpty(_ fallback: String) -> String { isEmpty ? fallback : self }
}
