public import LandfallModel

/// Proposes one VM for an app that ran on Fly Machines: the container and PostgreSQL together on
/// one box, with headroom, and a block storage volume for the app's data.
public enum VMSizer {
  /// A proposal with one line of reasoning per figure.
  public struct Plan: Sendable, Equatable {
    public var vcpu: Int
    public var memoryMb: Int
    public var rootDiskGb: Int
    public var volumeGb: Int?
    public var reasons: [String]
  }

  /// Sizes from the inventory: memory adds up the groups' Machine memory, 1 GB for PostgreSQL when
  /// attached and 512 MB for the system, then 50 % headroom rounded up to whole GB (at least 2 GB);
  /// CPUs add up the groups' CPUs plus one for PostgreSQL (at least 2); the root disk holds the
  /// system, images and the database; the volume is the Fly volumes plus 50 % (at least 5 GB).
  public static func plan(_ inventory: Inventory) -> Plan {
    var reasons: [String] = []
    let groups = inventory.processGroups.map(\.name)
    var appMemory = 0
    var appCPUs = 0
    for group in groups {
      let size = inventory.vm.first { $0.processes.contains(group) }
      appMemory += size?.memoryMb ?? 256
      appCPUs += size?.cpus ?? 1
    }
    reasons.append("app: \(groups.count) process group(s) using \(appMemory) MB and \(appCPUs) CPU on Fly"
      + (inventory.vm.isEmpty ? " (sizes not in fly.toml; shared-cpu-1x assumed)" : ""))
    let postgres = inventory.postgres.attached
    var memory = appMemory + 512 + (postgres ? 1024 : 0)
    if postgres { reasons.append("PostgreSQL on the same VM: +1024 MB, +1 CPU") }
    reasons.append("system and Docker: +512 MB")
    memory = max(2048, ((memory * 3 / 2) + 1023) / 1024 * 1024)
    reasons.append("memory with 50 % headroom, whole GB, at least 2 GB: \(memory) MB")
    let vcpu = max(2, appCPUs + (postgres ? 1 : 0))
    reasons.append("vCPUs: \(vcpu) (at least 2 so builds do not starve the app)")
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
