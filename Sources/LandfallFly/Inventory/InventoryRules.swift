public import LandfallModel
internal import LandfallCore

/// flyctl's rules for turning a config into what runs: group membership, service ports, mounts
/// and guest sizes, with a warning for everything suspicious.
public enum InventoryRules {
  /// Process groups in file order; with none declared, the one group `app`.
  public static func processGroups(_ config: FlyConfig) -> [Inventory.ProcessGroup] {
    if config.processes.isEmpty {
      let command = config.experimental.cmd.map(ShellWords.join)
      return [Inventory.ProcessGroup(name: "app", command: command)]
    }
    return config.processes.map {
      Inventory.ProcessGroup(name: $0.name, command: $0.command.isEmpty ? nil : $0.command)
    }
  }

  /// `[http_service]` first, then `[[services]]`; entries without `processes` go to the default group.
  public static func services(_ config: FlyConfig, warnings: inout [String]) -> [Inventory.Service] {
    let entries = (config.httpService.map { [("http_service", $0)] } ?? [])
      + config.services.enumerated().map { ("services[\($0.offset)]", $0.element) }
    let names = GroupNames(config)
    return entries.map { location, service in
      let groups = membership(service.processes, groups: names, location: location, warnings: &warnings)
      return Inventory.Service(
        processes: groups, internalPort: service.internalPort, protocol: service.protocol,
        ports: service.ports)
    }
  }

  /// Mounts with their groups; a mount at `/` or two mounts for one group are warned about.
  public static func mounts(_ config: FlyConfig, warnings: inout [String]) -> [Inventory.Mount] {
    var perGroup: [String: Int] = [:]
    let names = GroupNames(config)
    return config.mounts.enumerated().map { index, mount in
      let location = "mounts[\(index)]"
      let groups = membership(mount.processes, groups: names, location: location, warnings: &warnings)
      if Path.normalize(mount.destination) == "/" {
        warnings.append("\(location): mounting volume \(mount.source) at / would hide the whole image; flyctl rejects it")
      }
      for group in groups {
        perGroup[group, default: 0] += 1
        if perGroup[group] == 2 {
          warnings.append("process group \(group) has more than one mount; Fly allows one volume per Machine")
        }
      }
      return Inventory.Mount(source: mount.source, destination: mount.destination, processes: groups)
    }
  }

  /// Guest sizes per `[[vm]]` entry: `memory_mb` over `memory` over the `size` preset.
  public static func vmSizes(_ config: FlyConfig, warnings: inout [String]) -> [Inventory.VMSize] {
    let specific = Set(config.vm.compactMap(\.processes).flatMap { $0 })
    let names = GroupNames(config)
    return config.vm.enumerated().map { index, entry in
      let location = "vm[\(index)]"
      let groups: [String]
      if let named = entry.processes {
        groups = membership(named, groups: names, location: location, warnings: &warnings)
      } else {
        groups = config.groupNames.filter { !specific.contains($0) }
      }
      var preset: MachinePresets.Guest?
      if let size = entry.size {
        preset = MachinePresets.all[size.lowercased()]
        if preset == nil { warnings.append("\(location): unknown size \"\(size)\"") }
      } else {
        preset = MachinePresets.all[MachinePresets.defaultSize]
      }
      let kind = entry.cpuKind ?? preset?.cpuKind ?? "shared"
      let cpus = entry.cpus ?? preset?.cpus
      let memory = entry.memoryMb ?? preset?.memoryMb
      var size = entry.size
      if let cpus, entry.cpus != nil || size == nil {
        size = kind == "performance" ? "performance-\(cpus)x" : "shared-cpu-\(cpus)x"
      }
      if let cpus, let memory, memory < MachinePresets.memoryFloor(cpuKind: kind, cpus: cpus) {
        warnings.append(
          "\(location): \(memory) MB is below Fly's floor of \(MachinePresets.memoryFloor(cpuKind: kind, cpus: cpus)) MB for \(cpus) \(kind) CPU(s)")
      }
      return Inventory.VMSize(processes: groups, size: size, cpus: cpus, memoryMb: memory)
    }
  }

  /// Why the app should land on managed Kubernetes, or `nil` for one VM: the person asked for it,
  /// or several process groups run and flyctl shows one of them on Machines in several regions.
  public static func kubernetesReason(_ inventory: Inventory, requested: LandingTarget?) -> String? {
    switch requested {
    case .kubernetes: return "the person asked for managed Kubernetes"
    case .vm: return nil
    case .database, nil: break
    }
    guard inventory.shape == .multi else { return nil }
    let machinesByGroup = Dictionary(grouping: inventory.machines, by: \.group)
    for group in inventory.processGroups.map(\.name) {
      let machines = machinesByGroup[group] ?? []
      let regions = machines.regions
      if regions.count > 1 {
        let count = machines.count
        return "process group \(group) runs on \(count) Machines in \(regions.count) regions (\(regions.sorted().joined(separator: ", "))), which one VM cannot spread over"
      }
    }
    return nil
  }

  /// Warnings about what actually starts: no command anywhere, or a port nobody exposes.
  public static func startCommandWarnings(
    _ inventory: Inventory, stage: Dockerfile.Stage, config: FlyConfig
  ) -> [String] {
    var warnings: [String] = []
    let commandless = inventory.processGroups.filter { $0.command == nil }
    if !commandless.isEmpty, stage.cmd == nil, stage.entrypoint == nil, config.experimental.exec == nil {
      let names = commandless.map(\.name).joined(separator: ", ")
      warnings.append(
        "the Dockerfile's final stage has no CMD or ENTRYPOINT and group(s) \(names) set no command; the base image's CMD runs")
    }
    if !stage.expose.isEmpty {
      for service in inventory.services {
        if let port = service.internalPort, !stage.expose.contains(port) {
          warnings.append(
            "internal_port \(port) is not among the Dockerfile's EXPOSE ports \(stage.expose.map(String.init).joined(separator: ", ")); internal_port is what Fly routes to")
        }
      }
    }
    return warnings
  }

  /// The groups a `processes` list names (the default group when it names none), with a warning
  /// for each name `[processes]` does not define.
  private static func membership(
    _ processes: [String]?, groups: GroupNames, location: String, warnings: inout [String]
  ) -> [String] {
    guard let processes, !processes.isEmpty else { return [groups.defaultGroup] }
    for name in processes where !groups.known.contains(name) {
      warnings.append("\(location) names process group \"\(name)\", which is not defined in [processes]")
    }
    return processes
  }

  /// The config's group names and default group, worked out once for every entry that names groups.
  private struct GroupNames {
    let known: Set<String>
    let defaultGroup: String

    init(_ config: FlyConfig) {
      known = Set(config.groupNames)
      defaultGroup = config.defaultGroup
    }
  }
}
