import LandfallModel
import LandfallPolicy
import LandfallTestSupport
import Testing

/// The declaration a cloud tool gets from its server's tool list: what it creates, the listing
/// that shows one, and the argument that names it.
@Suite(.ownThreads) struct CreatedResourceTests {
  let catalogue = CostCatalogue(toolNames: [
    "create_vm", "list_vms", "reserve_public_ip", "list_public_ips", "create_block_storage_volume", "list_block_storage_volumes",
    "create_kubernetes_cluster", "list_kubernetes_clusters", "create_vpc_network", "create_dns_policy", "list_dns_policies",
    "scale_vm", "resize_vm_disk", "get_vm", "delete_vm",
  ])
  let named: JSONValue = .object([("type", .string("object")), ("properties", .object([("name", .object([("type", .string("string"))]))]))])
  let unnamed: JSONValue = .object([("type", .string("object")), ("properties", .object([("region", .object([("type", .string("string"))]))]))])

  @Test(arguments: [
    ("create_vm", "list_vms"), ("create_block_storage_volume", "list_block_storage_volumes"),
    ("create_kubernetes_cluster", "list_kubernetes_clusters"), ("create_dns_policy", "list_dns_policies"),
  ])
  func aCreateFindsItsListingAndItsName(tool: String, listing: String) {
    #expect(catalogue.createdResource(for: tool, effect: .write, inputSchema: named) == CreatedResource(listedBy: listing, namedBy: "name"))
  }

  @Test func aReservationWithNoNameIsStillDeclaredButCannotBeLookedUpByName() {
    #expect(catalogue.createdResource(for: "reserve_public_ip", effect: .write, inputSchema: unnamed) == CreatedResource(listedBy: "list_public_ips", namedBy: nil))
    #expect(catalogue.createdResource(for: "create_vpc_network", effect: .write, inputSchema: named) == CreatedResource(listedBy: nil, namedBy: "name"))
  }

  @Test func aKeyIsNeverFoundAgainByNameBecauseItsSecretHalfIsGivenOnce() {
    let keys = CostCatalogue(toolNames: ["create_ssh_key", "list_ssh_keys", "create_object_storage_access_key", "list_object_storage_access_keys"])
    #expect(keys.createdResource(for: "create_ssh_key", effect: .write, inputSchema: named) == CreatedResource(listedBy: "list_ssh_keys", namedBy: nil))
    #expect(keys.createdResource(for: "create_object_storage_access_key", effect: .write, inputSchema: named)?.namedBy == nil)
  }

  @Test(arguments: ["scale_vm", "resize_vm_disk", "get_vm", "delete_vm"])
  func changesReadsAndDeletesCreateNothing(tool: String) {
    for effect in ToolEffect.allCases {
      #expect(catalogue.createdResource(for: tool, effect: effect, inputSchema: named) == nil, "\(tool) \(effect)")
    }
    #expect(catalogue.createdResource(for: "create_vm", effect: .read, inputSchema: named) == nil)
  }

  @Test func idsComeFromTheResultOrItsDataAndFromTheListingByName() throws {
    #expect(CreatedResource.id(in: try JSONParser.parse(#"{"id":"vm-1","name":"web"}"#)) == "vm-1")
    #expect(CreatedResource.id(in: try JSONParser.parse(#"{"data":{"id":"ip-2"}}"#)) == "ip-2")
    #expect(CreatedResource.id(in: try JSONParser.parse(#"{"name":"web"}"#)) == nil)
    let listing = try JSONParser.parse(#"{"data":[{"id":"a","name":"db"},{"id":"b","name":"web"}]}"#)
    #expect(CreatedResource.id(ofNamed: "web", in: listing) == "b")
    #expect(CreatedResource.id(ofNamed: "web", in: try JSONParser.parse(#"[{"id":"c","name":"web"}]"#)) == "c")
    #expect(CreatedResource.id(ofNamed: "cache", in: listing) == nil)
  }
}
