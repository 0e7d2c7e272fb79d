internal import LandfallCore
internal import LandfallModel

extension FakeCloud {
  func handleStorage(_ name: String, _ arguments: JSONValue) -> MCPToolResult? {
    let id = arguments["id"]?.stringValue ?? ""
    switch name {
    case "list_block_storage_volumes":
      let vmID = arguments["vmId"]?.stringValue
      return Self.page(state.items("volumes").filter { vmID == nil || $0["vmId"]?.stringValue == vmID }, arguments)
    case "create_block_storage_volume":
      if let problem = volumeProblem(arguments) { return problem }
      let volume: JSONValue = .object([
        ("id", .string(state.nextID())), ("name", arguments["name"] ?? .null), ("sizeGb", arguments["sizeGb"] ?? .null),
        ("status", .string("Ready")), ("vmId", .null), ("region", arguments["region"] ?? .null), ("createdAt", .string(state.now)),
      ])
      state.upsert("volumes", volume)
      return Self.json(volume)
    case "get_block_storage_volume":
      guard let volume = state.find("volumes", "id", id) else { return Self.apiError(404, message: "Volume not found.") }
      return Self.json(volume)
    case "delete_block_storage_volume":
      guard state.find("volumes", "id", id) != nil else { return Self.apiError(404, message: "Volume not found.") }
      state.remove("volumes") { $0["id"]?.stringValue == id }
      return Self.json(.object([("id", .string(id)), ("status", .string("Destroyed")), ("success", .bool(true))]))
    case "get_cost_estimate_block_storage":
      if let problem = volumeProblem(arguments) { return problem }
      return Self.json(FakeCloudPrices.blockStorage(sizeGb: arguments["sizeGb"]?.intValue ?? 5))
    case "attach_block_storage_volume":
      guard var volume = state.find("volumes", "id", id) else { return Self.apiError(404, message: "Volume not found.") }
      let vmID = arguments["vmId"]?.stringValue ?? ""
      guard let vm = state.find("vms", "id", vmID) else { return Self.apiError(404, message: "VM not found.") }
      guard vm["region"] == volume["region"] else { return Self.apiError(400, message: "The volume and the VM must be in the same region.") }
      let status = vm["status"]?.stringValue ?? ""
      if ["CREATING", "STARTING", "STOPPING"].contains(status) {
        return Self.apiError(409, code: "provisioning_in_progress", message: "The VM is \(status.lowercased()); try again when it has settled.")
      }
      volume = volume.setting("vmId", to: .string(vmID)).setting("status", to: .string("Attached"))
      state.upsert("volumes", volume)
      return Self.json(.object([("id", .string(id)), ("status", .string("Attaching"))]))
    case "detach_block_storage_volume":
      guard let volume = state.find("volumes", "id", id) else { return Self.apiError(404, message: "Volume not found.") }
      state.upsert("volumes", volume.setting("vmId", to: .null).setting("status", to: .string("Ready")))
      return Self.json(.object([("id", .string(id)), ("status", .string("Detaching"))]))
    case "resize_block_storage_volume":
      guard let volume = state.find("volumes", "id", id) else { return Self.apiError(404, message: "Volume not found.") }
      let size = arguments["sizeGb"]?.intValue ?? 0
      guard size > volume["sizeGb"]?.intValue ?? 0 else { return Self.apiError(400, message: "A volume can only grow.") }
      state.upsert("volumes", volume.setting("sizeGb", to: .int(size)))
      return Self.json(.object([("id", .string(id)), ("status", .string("Resizing"))]))
    default: return nil
    }
  }

  private func volumeProblem(_ arguments: JSONValue) -> MCPToolResult? {
    if (arguments["sizeGb"]?.intValue ?? 0) < 5 { return Self.apiError(400, message: "sizeGb must be at least 5") }
    if !Self.regions.contains(where: { $0["label"] == arguments["region"] }) {
      return Self.apiError(400, message: "region is not a known region label")
    }
    return nil
  }
}
