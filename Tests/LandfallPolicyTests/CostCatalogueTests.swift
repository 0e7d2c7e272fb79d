import LandfallModel
import LandfallPolicy
import LandfallTestSupport
import Testing

@Suite(.ownThreads) struct CostCatalogueTests {
  static let names = [
    "get_cost_estimate_vm", "get_cost_estimate_block_storage", "get_cost_estimate_public_ip", "get_cost_estimate_snapshot",
    "create_vm", "scale_vm", "resize_vm_disk", "create_block_storage_volume", "resize_block_storage_volume", "attach_block_storage_volume",
    "reserve_public_ip", "create_snapshot", "create_ssh_key", "create_firewall_rule", "create_port_forwarding_rule", "enable_static_nat",
    "create_dns_record", "create_isolated_network", "create_load_balancer_rule", "power_vm", "list_vms", "delete_vm",
  ]
  let catalogue = CostCatalogue(toolNames: names)

  @Test(arguments: [
    ("create_vm", "get_cost_estimate_vm"), ("scale_vm", "get_cost_estimate_vm"), ("resize_vm_disk", "get_cost_estimate_vm"),
    ("create_block_storage_volume", "get_cost_estimate_block_storage"), ("resize_block_storage_volume", "get_cost_estimate_block_storage"),
    ("reserve_public_ip", "get_cost_estimate_public_ip"), ("create_snapshot", "get_cost_estimate_snapshot"),
  ])
  func writesWithAnEstimateArePricedByIt(tool: String, estimate: String) {
    #expect(catalogue.pricing(for: tool, effect: .write) == .priced(by: estimate))
  }

  @Test(arguments: ["create_ssh_key", "create_firewall_rule", "create_port_forwarding_rule", "enable_static_nat", "create_dns_record",
                    "attach_block_storage_volume", "power_vm", "create_isolated_network"])
  func settingsAndFreeObjectsAreFree(tool: String) {
    #expect(catalogue.pricing(for: tool, effect: .write) == .free)
  }

  @Test func readsAndDestructiveCallsAreNotBilled() {
    #expect(catalogue.pricing(for: "list_vms", effect: .read) == .free)
    #expect(catalogue.pricing(for: "delete_vm", effect: .destructive) == .free)
  }

  @Test func aWriteNothingPricesIsBillableAndUnpriced() {
    #expect(catalogue.pricing(for: "create_load_balancer_rule", effect: .write) == .unpriced)
    #expect(catalogue.pricing(for: "create_wordpress", effect: .write) == .unpriced)
    #expect(CostCatalogue(toolNames: ["create_vm"]).pricing(for: "create_vm", effect: .write) == .unpriced)
  }
}
