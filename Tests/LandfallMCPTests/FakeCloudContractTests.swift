import LandfallCore
import LandfallFakes
import LandfallModel
import LandfallTestSupport
import Testing

/// The fake's tool list against the reference of the real server: kind (R/W/D), idempotency and
/// required parameters, as `../shared/reference/ac-mcp-tools.md` tabulates them.
@Suite(.ownThreads) struct FakeCloudContractTests {
  struct Expected: Sendable, CustomStringConvertible {
    var name: String
    var kind: String
    var required: [String]
    var description: String { name }
  }

  static let reference: [Expected] = [
    .init(name: "list_vms", kind: "R", required: []),
    .init(name: "create_vm", kind: "W", required: ["name", "region", "vmPackage", "vmSpecs", "image", "subscriptionPeriod"]),
    .init(name: "get_vm", kind: "R", required: ["id"]),
    .init(name: "delete_vm", kind: "WDI", required: ["id"]),
    .init(name: "get_cost_estimate_vm", kind: "R", required: ["name", "region", "vmPackage", "vmSpecs", "image", "subscriptionPeriod"]),
    .init(name: "power_vm", kind: "W", required: ["id", "action"]),
    .init(name: "scale_vm", kind: "WI", required: ["id"]),
    .init(name: "list_vm_packages", kind: "R", required: []),
    .init(name: "get_vm_package_by_label", kind: "R", required: ["label"]),
    .init(name: "list_images", kind: "R", required: []),
    .init(name: "get_image_by_label", kind: "R", required: ["label"]),
    .init(name: "list_regions", kind: "R", required: []),
    .init(name: "get_region_by_label", kind: "R", required: ["label"]),
    .init(name: "list_ssh_keys", kind: "R", required: []),
    .init(name: "create_ssh_key", kind: "W", required: ["name"]),
    .init(name: "delete_ssh_key", kind: "WDI", required: ["name"]),
    .init(name: "list_block_storage_volumes", kind: "R", required: []),
    .init(name: "create_block_storage_volume", kind: "W", required: ["name", "sizeGb", "region"]),
    .init(name: "get_block_storage_volume", kind: "R", required: ["id"]),
    .init(name: "delete_block_storage_volume", kind: "WDI", required: ["id"]),
    .init(name: "get_cost_estimate_block_storage", kind: "R", required: ["name", "sizeGb", "region"]),
    .init(name: "attach_block_storage_volume", kind: "WI", required: ["id", "vmId"]),
    .init(name: "detach_block_storage_volume", kind: "WI", required: ["id"]),
    .init(name: "resize_block_storage_volume", kind: "WI", required: ["id", "sizeGb"]),
    .init(name: "list_isolated_networks", kind: "R", required: []),
    .init(name: "get_isolated_network", kind: "R", required: ["id"]),
    .init(name: "list_public_ips", kind: "R", required: []),
    .init(name: "list_public_ips_by_isolated_network", kind: "R", required: ["isolatedNetworkId"]),
    .init(name: "get_public_ip", kind: "R", required: ["id"]),
    .init(name: "reserve_public_ip", kind: "W", required: ["region"]),
    .init(name: "release_public_ip", kind: "WDI", required: ["id"]),
    .init(name: "get_cost_estimate_public_ip", kind: "R", required: []),
    .init(name: "enable_static_nat", kind: "WI", required: ["id", "virtualMachineId"]),
    .init(name: "disable_static_nat", kind: "WI", required: ["id"]),
    .init(name: "list_firewall_rules", kind: "R", required: ["ipId"]),
    .init(name: "create_firewall_rule", kind: "W", required: ["ipId", "protocol", "sourceCidrList"]),
    .init(name: "delete_firewall_rule", kind: "WDI", required: ["ruleId"]),
    .init(name: "list_port_forwarding_rules", kind: "R", required: ["ipId"]),
    .init(name: "create_port_forwarding_rule", kind: "W", required: ["ipId", "privatePort", "publicPort", "protocol", "vmId"]),
    .init(name: "delete_port_forwarding_rule", kind: "WDI", required: ["ruleId"]),
    .init(name: "list_load_balancer_rules", kind: "R", required: ["ipId"]),
    .init(name: "create_load_balancer_rule", kind: "W", required: ["ipId", "name", "algorithm", "publicPort", "privatePort"]),
    .init(name: "delete_load_balancer_rule", kind: "WDI", required: ["ruleId"]),
    .init(name: "assign_vms_to_load_balancer", kind: "WI", required: ["ruleId", "vmIds"]),
    .init(name: "list_kubernetes_versions", kind: "R", required: []),
    .init(name: "list_kubernetes_packages", kind: "R", required: []),
    .init(name: "list_kubernetes_clusters", kind: "R", required: []),
    .init(name: "get_kubernetes_cluster", kind: "R", required: ["id"]),
    .init(name: "delete_kubernetes_cluster", kind: "WDI", required: ["id"]),
    .init(name: "create_kubernetes_cluster", kind: "W", required: ["name", "package", "region", "version", "controlNodes", "workerNodes"]),
    .init(name: "get_cost_estimate_kubernetes", kind: "R", required: ["name", "package", "region", "version", "controlNodes", "workerNodes"]),
    .init(name: "power_kubernetes_cluster", kind: "WI", required: ["id", "action"]),
    .init(name: "get_kubernetes_cluster_config", kind: "R", required: ["id"]),
    .init(name: "scale_kubernetes_cluster", kind: "WI", required: ["id"]),
    .init(name: "upgrade_kubernetes_cluster", kind: "WI", required: ["id", "version"]),
    .init(name: "list_dns_zones", kind: "R", required: []),
    .init(name: "create_dns_zone", kind: "W", required: ["name"]),
    .init(name: "delete_dns_zone", kind: "WDI", required: ["id"]),
    .init(name: "list_dns_records", kind: "R", required: ["zoneId"]),
    .init(name: "create_dns_record", kind: "W", required: ["zoneId", "name", "type", "content"]),
    .init(name: "update_dns_record", kind: "WI", required: ["zoneId", "currentName", "currentType", "name", "type", "content"]),
    .init(name: "delete_dns_record", kind: "WDI", required: ["zoneId", "name", "type"]),
  ]

  @Test func everyToolOfTheFakeIsInTheReference() {
    #expect(FakeCloudCatalog.all.map(\.definition.name) == Self.reference.map(\.name))
  }

  @Test(arguments: reference)
  func annotationsAndRequiredParametersMatch(expected: Expected) throws {
    let tool = try #require(FakeCloudCatalog.all.first { $0.definition.name == expected.name }?.definition)
    #expect(tool.readOnly == (expected.kind == "R"))
    #expect(tool.destructive == expected.kind.contains("D"))
    #expect(tool.idempotent == (expected.kind == "R" || expected.kind.contains("I")))
    #expect(tool.openWorld)
    let required = (tool.inputSchema["required"]?.arrayValue ?? []).compactMap(\.stringValue)
    #expect(required == expected.required)
    #expect(tool.description.count >= 30)
    #expect(tool.name.allSatisfy { $0.isLowercase || $0 == "_" })
  }

  @Test func servicesAreParsedLikeTheRealServer() throws {
    let two = try FakeCloud.parseServices("compute, dns").get()
    #expect(two == ["compute", "dns"])
    let all = try FakeCloud.parseServices("all").get()
    #expect(all == FakeCloud.groups)
    guard case .failure(let error) = FakeCloud.parseServices("compute,billing") else {
      Issue.record("expected an error")
      return
    }
    #expect(error.message == "unknown service(s): billing. Valid: compute, storage, networking, kubernetes, databases, wordpress, dns, all")
  }

  @Test func estimatesUseTheDocumentedPriceTable() async throws {
    let cloud = FakeCloud(allowWrites: false)
    let result = await cloud.call("get_cost_estimate_block_storage", arguments: .object([
      ("name", .string("d")), ("sizeGb", .int(50)), ("region", .string("us-west-0")),
    ]))
    let body = try JSONParser.parse(result.text)
    #expect(body["estimates"]?["monthly"]?["total"] == .double(5))
    #expect(body["billing_note"] != nil)
  }

  @Test func theKubernetesGroupIsSixReadToolsWithoutWritesAndElevenWithThemPlusServerInfo() async {
    let readOnly = await FakeCloud(allowWrites: false, services: ["kubernetes"]).tools().map(\.name)
    #expect(readOnly.count == 7)
    #expect(readOnly.contains("get_kubernetes_cluster_config"))
    #expect(!readOnly.contains("create_kubernetes_cluster"))
    #expect(await FakeCloud(allowWrites: true, services: ["kubernetes"]).tools().count == 12)
  }

  @Test func aClusterIsPricedCreatedAsynchronouslyAndGivesItsKubeconfigOnceRunning() async throws {
    let cloud = FakeCloud(allowWrites: true, services: ["compute", "kubernetes"])
    let request: JSONValue = .object([
      ("name", .string("chat")), ("package", .string("k8s-standard-2")), ("region", .string("us-west-0")),
      ("version", .string("1.34.1")), ("controlNodes", .int(1)), ("workerNodes", .int(2)),
    ])
    let estimate = try JSONParser.parse(await cloud.call("get_cost_estimate_kubernetes", arguments: request).text)
    let nodeHourly = 2 * 0.0125 + 4 * 0.0055 + 50 * 0.00014
    #expect(estimate["estimates"]?["hourly"]?["total"] == .double(((3 * nodeHourly + 0.10) * 10_000).rounded() / 10_000))
    let created = try JSONParser.parse(await cloud.call("create_kubernetes_cluster", arguments: request).text)
    #expect(created["status"] == .string("CREATING"))
    let id = try #require(created["id"]?.stringValue)
    let early = await cloud.call("get_kubernetes_cluster_config", arguments: .object([("id", .string(id))]))
    #expect(early.isError)
    #expect(early.text.hasPrefix("American Cloud API error (409) [provisioning_in_progress]"))
    var status = ""
    for _ in 0..<3 where status != "RUNNING" {
      status = try JSONParser.parse(await cloud.call("get_kubernetes_cluster", arguments: .object([("id", .string(id))])).text)["status"]?.stringValue ?? ""
    }
    #expect(status == "RUNNING")
    let config = try JSONParser.parse(await cloud.call("get_kubernetes_cluster_config", arguments: .object([("id", .string(id))])).text)
    #expect(config["configdata"]?.stringValue?.contains("kind: Config") == true)
    let scaled = await cloud.call("scale_kubernetes_cluster", arguments: .object([("id", .string(id))]))
    #expect(scaled.text == "American Cloud API error (400): workerNodes, autoscalingEnabled, minWorkers or maxWorkers is required")
    #expect(await cloud.call("delete_kubernetes_cluster", arguments: .object([("id", .string(id))])).text == "delete_kubernetes_cluster succeeded (no content returned).")
  }
}
