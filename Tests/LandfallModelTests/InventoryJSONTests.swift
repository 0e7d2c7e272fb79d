import LandfallModel
import LandfallTestSupport
import Testing

@Suite(.ownThreads) struct InventoryJSONTests {
  @Test func fieldsComeInTheContractOrderWithNulls() {
    let inventory = Inventory(configPath: "fly.toml", processGroups: [.init(name: "app", command: nil)])
    let keys = inventory.json.objectValue?.map(\.key)
    #expect(keys == [
      "schemaVersion", "app", "configPath", "primaryRegion", "regions", "image", "dockerfile",
      "processGroups", "services", "mounts", "releaseCommand", "vm", "envNames", "secretNames",
      "volumes", "postgres", "dockerfileInfo", "shape", "target", "runtime", "warnings",
    ])
    #expect(inventory.json["app"] == .null)
    #expect(inventory.json["processGroups"] == .array([.object([("name", .string("app")), ("command", .null)])]))
    #expect(inventory.json["shape"] == .string("single"))
    #expect(inventory.json["target"] == .string("vm"))
    #expect(inventory.json["runtime"] == .string("docker"))
  }

  @Test func moreThanOneGroupMeansComposeOnTheVM() {
    var inventory = Inventory(
      configPath: "fly.toml",
      processGroups: [.init(name: "web", command: "a"), .init(name: "worker", command: "b")])
    #expect(inventory.shape == .multi)
    #expect(inventory.target == .vm)
    #expect(inventory.json["runtime"] == .string("compose"))
    inventory.kubernetesReason = "asked"
    #expect(inventory.json["target"] == .string("kubernetes"))
    #expect(inventory.json["runtime"] == .string("kubernetes"))
  }

  @Test func portRangesCarryTheirEnd() {
    let service = Inventory.Service(
      processes: ["app"], internalPort: 9000, protocol: "udp",
      ports: [.init(port: 9000, endPort: 9010, handlers: [])])
    let inventory = Inventory(configPath: "fly.toml", services: [service])
    let port = inventory.json["services"]?.arrayValue?.first?["ports"]?.arrayValue?.first
    #expect(port == .object([("port", .int(9000)), ("endPort", .int(9010)), ("handlers", .array([]))]))
  }
}
