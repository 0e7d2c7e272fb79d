public import LandfallModel

/// The app's facts a prompt may mention: names and numbers only, never a secret value.
public struct PromptFacts: Sendable, Equatable {
  public var values: [String: String]

  /// Facts from an inventory; `vmAddress` once the VM exists.
  public init(inventory: Inventory?, vmAddress: String? = nil) {
    guard let inventory else {
      values = ["app": "the app", "vmAddress": vmAddress ?? "not known yet"]
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
    ]
  }
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
