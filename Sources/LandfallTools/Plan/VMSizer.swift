public import LandfallModel

/// Proposes one VM for an app that ran on Fly Machines: every process group's container and
/// PostgreSQL together on one box, with headroom, and a block storage volume for the app's data.
public enum VMSizer {
  /// A proposal with one line of reasoning per figure.
  public struct Plan: Sendable, Equatable {
    public var vcpu: Int
    public var memoryMb: Int
    public var rootDiskGb: Int
    public var volumeGb: Int?
    public var reasons: [String]
  }

  /// The memory and CPUs one group's container needs, with the line that explains them.
  struct GroupNeed: Sendable, Equatable {
    var group: String
    var memoryMb: Int
    var cpus: Int
    var reason: String
  }

  /// What each group needs on the VM: one container per group, sized like one of its Fly
  /// Machines (shared-cpu-1x, 1 CPU and 256 MB, when no size is known).
  static func groupNeeds(_ inventory: Inventory) -> [GroupNeed] {
    inventory.processGroups.map(\.name).map { group in
      let size = inventory.vm.first { $0.processes.contains(group) }
      let memory = size?.memoryMb ?? 256
      let cpus = size?.cpus ?? 1
      let machines = inventory.machines.filter { $0.group == group }.count
      let fly = machines == 0 ? "" : ", \(machines) Machine\(machines == 1 ? "" : "s") on Fly"
      let described = size?.size ?? (size == nil ? "shared-cpu-1x assumed, not in fly.toml" : "custom")
      let container = inventory.runtime == .compose ? "its own Compose service" : "one container"
      return GroupNeed(
        group: group, memoryMb: memory, cpus: cpus,
        reason: "\(group): \(memory) MB, \(cpus) CPU (\(described)\(fly)); runs as \(container) on the VM")
    }
  }

  /// Sizes from the inventory: memory adds up each group's Machine memory, 1 GB for PostgreSQL
  /// when attached and 512 MB for the system, then 50 % headroom rounded up to whole GB (at least
  /// 2 GB); CPUs add up the groups' CPUs plus one for PostgreSQL (at least 2); the root disk holds
  /// the system, images and the database; the volume is the Fly volumes plus 50 % (at least 5 GB).
  public static func plan(_ inventory: Inventory) -> Plan {
    let needs = groupNeeds(inventory)
    var reasons = needs.map(\.reason)
    let appMemory = needs.reduce(0) { $0 + $1.memoryMb }
    let appCPUs = needs.reduce(0) { $0 + $1.cpus }
    if needs.count > 1 {
      reasons.append("process groups together: \(appMemory) MB, \(appCPUs) CPU")
    }
    let postgres = inventory.postgres.attached
    var memory = appMemory + 512 + (postgres ? 1024 : 0)
    if postgres { reasons.append("PostgreSQL on the same VM: +1024 MB, +1 CPU") }
    reasons.append("system and Docker: +512 MB")
    memory = max(2048, ((memory * 3 / 2) + 1023) / 1024 * 1024)
    reasons.append("memory with 50 % headroom, whole GB, at least 2 GB: \(memory) MB")
    let vcpu = max(2, appCPUs + (postgres ? 1 : 0))
    reasons.append("vCPUs: \(vcpu) (the groups' CPUs\(postgres ? " plus one for PostgreSQL" : ""), at least 2 so builds do not starve the app)")
    let root = 25 + 15 + (postgres ? 10 : 0)
    reasons.append("root disk: \(root) GB (25 minimum, 15 for images and builds\(postgres ? ", 10 for the database" : ""))")
    let flyVolumes = inventory.volumes.reduce(0) { $0 + $1.sizeGb }
    var volume: Int?
    if !inventory.mounts.isEmpty || flyVolumes > 0 {
      let size = max(5, (flyVolumes * 3 + 1) / 2)
      volume = size
      reasons.append("block storage: \(size) GB (Fly volumes \(flyVolumes) GB plus 50 %, at least 5)")
    }
    return Plan(vcpu: vcpu, memoryMb: memory, rootDiskGb: root, volumeGb: volume, reasons: reasons)
  }
}
