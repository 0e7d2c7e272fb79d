import LandfallModel
import LandfallTestSupport
import LandfallTools
import Testing

@Suite(.ownThreads) struct VMSizerTests {
  @Test func aSmallAppWithPostgresAndAVolumeGetsRoomForBoth() {
    let inventory = Inventory(
      app: "notes", configPath: "fly.toml", processGroups: [.init(name: "app", command: nil)],
      mounts: [.init(source: "data", destination: "/data", processes: ["app"])],
      vm: [.init(processes: ["app"], size: "shared-cpu-1x", cpus: 1, memoryMb: 1024)],
      volumes: [.init(name: "data", sizeGb: 3, region: "iad")], postgres: .init(attached: true, evidence: ["secret DATABASE_URL"]))
    let plan = VMSizer.plan(inventory)
    #expect(plan.memoryMb == 4096)
    #expect(plan.vcpu == 2)
    #expect(plan.rootDiskGb == 50)
    #expect(plan.volumeGb == 5)
    #expect(plan.reasons.count == 7)
  }

  @Test func withoutSizesOrDataTheFloorsApply() {
    let inventory = Inventory(configPath: "fly.toml", processGroups: [.init(name: "app", command: nil)])
    let plan = VMSizer.plan(inventory)
    #expect(plan.memoryMb == 2048)
    #expect(plan.vcpu == 2)
    #expect(plan.rootDiskGb == 40)
    #expect(plan.volumeGb == nil)
    #expect(plan.reasons.first?.contains("shared-cpu-1x assumed") == true)
  }

  @Test func severalGroupsAddUp() {
    let inventory = Inventory(
      configPath: "fly.toml", processGroups: [.init(name: "web", command: "a"), .init(name: "worker", command: "b")],
      vm: [.init(processes: ["web"], size: "shared-cpu-2x", cpus: 2, memoryMb: 2048), .init(processes: ["worker"], size: "shared-cpu-1x", cpus: 1, memoryMb: 1024)],
      volumes: [.init(name: "a", sizeGb: 10, region: "ams"), .init(name: "b", sizeGb: 10, region: "ams")])
    let plan = VMSizer.plan(inventory)
    #expect(plan.vcpu == 3)
    #expect(plan.memoryMb == 6144)
    #expect(plan.volumeGb == 30)
    #expect(plan.reasons.contains("web: 2048 MB, 2 CPU (shared-cpu-2x); runs as its own Compose service on the VM"))
    #expect(plan.reasons.contains("process groups together: 3072 MB, 3 CPU"))
  }

  @Test func flyMachineCountsAreExplainedPerGroup() {
    let inventory = Inventory(
      configPath: "fly.toml", processGroups: [.init(name: "web", command: "a"), .init(name: "worker", command: "b")],
      vm: [.init(processes: ["web", "worker"], size: "shared-cpu-1x", cpus: 1, memoryMb: 512)],
      machines: [.init(group: "web", region: "ams"), .init(group: "web", region: "ams"), .init(group: "worker", region: "ams")])
    let plan = VMSizer.plan(inventory)
    #expect(plan.reasons.first == "web: 512 MB, 1 CPU (shared-cpu-1x, 2 Machines on Fly); runs as its own Compose service on the VM")
    #expect(plan.memoryMb == 3072)
  }
}
