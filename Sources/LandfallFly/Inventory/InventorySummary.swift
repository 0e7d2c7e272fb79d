public import LandfallModel

/// The inventory told for a person: what runs, on which ports, what data and secrets must move,
/// and where it should land and why.
public enum InventorySummary {
  /// Plain text, one fact per line, no colour.
  public static func text(_ inventory: Inventory) -> String {
    var lines: [String] = []
    let name = inventory.app ?? "(unnamed app)"
    var where_ = "config \(inventory.configPath)"
    if let primary = inventory.primaryRegion { where_ += ", primary region \(primary)" }
    if !inventory.regions.isEmpty { where_ += ", running in \(inventory.regions.joined(separator: ", "))" }
    lines.append("App \(name) (\(where_))")
    lines.append(landing(inventory))
    lines.append("")
    lines.append("What runs:")
    for group in inventory.processGroups {
      lines.append("  \(group.name): \(command(for: group, inventory: inventory))")
    }
    if let release = inventory.releaseCommand { lines.append("  release command (before each deploy): \(release)") }
    lines.append("")
    lines.append("Ports:")
    if inventory.services.isEmpty { lines.append("  none public (no [http_service] or [[services]])") }
    for service in inventory.services {
      let edges = service.ports.map { port in
        let number = port.endPort.map { "\(port.port)-\($0)" } ?? "\(port.port)"
        return port.handlers.isEmpty ? "\(number) (raw)" : "\(number) (\(port.handlers.joined(separator: "+")))"
      }.joined(separator: ", ")
      let internalPort = service.internalPort.map(String.init) ?? "?"
      lines.append("  \(service.processes.joined(separator: ",")): \(edges) -> \(internalPort)/\(service.protocol)")
    }
    lines.append("")
    lines.append("Data:")
    if inventory.mounts.isEmpty && inventory.volumes.isEmpty {
      lines.append(inventory.dataOnRootFilesystem ? "  no volumes: the database's data is on the Machine's root filesystem" : "  no volumes")
    }
    for mount in inventory.mounts {
      let sizes = inventory.volumes.filter { $0.name == mount.source }
      let known = sizes.isEmpty ? "size unknown" : sizes.map { "\($0.sizeGb) GB in \($0.region)" }.joined(separator: ", ")
      lines.append("  volume \(mount.source) at \(mount.destination) for \(mount.processes.joined(separator: ",")) (\(known))")
    }
    for volume in inventory.volumes where !inventory.mounts.contains(where: { $0.source == volume.name }) {
      lines.append("  volume \(volume.name) (\(volume.sizeGb) GB in \(volume.region)) is not mounted by fly.toml")
    }
    if inventory.databaseReason != nil {
      lines.append("  Postgres: this app is the database (dump it, restore it on the server)")
    } else if inventory.postgres.attached {
      lines.append("  Postgres: attached (\(inventory.postgres.evidence.joined(separator: "; ")))")
    } else {
      lines.append("  Postgres: none found")
    }
    lines.append("")
    let secrets = inventory.secretNames.isEmpty ? "none known" : inventory.secretNames.joined(separator: ", ")
    lines.append("Secrets to set on the server (names only): \(secrets)")
    if !inventory.envNames.isEmpty { lines.append("Plain settings from [env]: \(inventory.envNames.joined(separator: ", "))") }
    for size in inventory.vm {
      let cpus = size.cpus.map { "\($0) CPU" } ?? "? CPU"
      let memory = size.memoryMb.map { "\($0) MB" } ?? "? MB"
      lines.append("Machine size for \(size.processes.joined(separator: ",")): \(size.size ?? "unspecified"), \(cpus), \(memory)")
    }
    if inventory.vm.isEmpty { lines.append("Machine size: not set in fly.toml (ask flyctl: fly scale show)") }
    if let dockerfile = inventory.dockerfile, let info = inventory.dockerfileInfo {
      let expose = info.expose.isEmpty ? "no EXPOSE" : "EXPOSE \(info.expose.map(String.init).joined(separator: ", "))"
      lines.append("Image: built from \(dockerfile) (\(info.stages) stage\(info.stages == 1 ? "" : "s"), \(expose))")
    } else if let image = inventory.image {
      lines.append("Image: \(image) (prebuilt; no Dockerfile)")
    }
    if !inventory.warnings.isEmpty {
      lines.append("")
      lines.append("Warnings:")
      lines += inventory.warnings.map { "  - \($0)" }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  private static func landing(_ inventory: Inventory) -> String {
    let names = inventory.processGroups.map(\.name).joined(separator: ", ")
    switch inventory.runtime {
    case .docker:
      return "Lands on: one VM, one container (process group \(names)); Docker on the VM replaces Fly's Machines"
    case .compose:
      return "Lands on: one VM with Docker Compose, one service per process group (\(names)), sharing one image build"
    case .kubernetes:
      return "Lands on: managed Kubernetes, because \(inventory.kubernetesReason ?? "it was asked for"); one Deployment per process group (\(names))"
    case .database:
      return "Lands on: nothing to move as an app: a database to dump from Fly and restore on the server (\(inventory.databaseReason ?? "a database cluster"))"
    }
  }

  private static func command(for group: Inventory.ProcessGroup, inventory: Inventory) -> String {
    if let command = group.command { return command }
    guard let info = inventory.dockerfileInfo else {
      return inventory.image == nil ? "the image's CMD (unknown)" : "the CMD of \(inventory.image ?? "")"
    }
    let words = (info.entrypoint ?? []) + (info.cmd ?? [])
    return words.isEmpty ? "the base image's CMD" : ShellWords.join(words) + " (from the Dockerfile)"
  }
}
