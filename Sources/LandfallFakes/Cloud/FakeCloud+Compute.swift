internal import LandfallCore
internal import LandfallModel

extension FakeCloud {
  static let regions: [JSONValue] = [
    ("us-west-0", "US West (Utah)"), ("us-east-1", "US East (Virginia)"), ("us-central-0", "US Central (Kansas)"),
  ].enumerated().map { index, region in
    .object([("id", .string("5f0c1d2e-0000-4000-8000-00000000000\(index + 1)")), ("label", .string(region.0)), ("displayName", .string(region.1))])
  }

  static let images: [JSONValue] = [
    ("ubuntu-24.04-050826", "Ubuntu 24.04 LTS", "Ubuntu", "24.04"), ("ubuntu-22.04-050826", "Ubuntu 22.04 LTS", "Ubuntu", "22.04"),
    ("debian-12-050826", "Debian 12", "Debian", "12"), ("rocky-9-050826", "Rocky Linux 9", "Rocky", "9"),
  ].enumerated().map { index, image in
    .object([
      ("id", .string("9a1b2c3d-0000-4000-8000-00000000010\(index + 1)")), ("label", .string(image.0)),
      ("description", .string(image.1)), ("os", .string(image.2)), ("version", .string(image.3)),
    ])
  }

  static let packages: [JSONValue] = [
    ("standard-custom", "Standard Custom", 1, 16, 512, 65_536, "standard"), ("performance-custom", "Performance Custom", 2, 32, 4_096, 131_072, "performance"),
  ].enumerated().map { index, package in
    .object([
      ("id", .string("7c6d5e4f-0000-4000-8000-00000000020\(index + 1)")), ("label", .string(package.0)), ("description", .string(package.1)),
      ("minCpu", .int(package.2)), ("maxCpu", .int(package.3)), ("minRootDiskGb", .int(25)), ("maxRootDiskGb", .int(2_000)),
      ("minMemoryMb", .int(package.4)), ("maxMemoryMb", .int(package.5)), ("tier", .string(package.6)),
      ("zones", .strings(regions.compactMap { $0["id"]?.stringValue })), ("cpu", .int(package.2)), ("rootDiskGb", .int(25)),
      ("memoryMb", .int(package.4)),
    ])
  }

  func handleCompute(_ name: String, _ arguments: JSONValue) -> MCPToolResult? {
    let id = arguments["id"]?.stringValue ?? ""
    switch name {
    case "list_vms": return Self.page(state.items("vms").map(Self.vmView), arguments)
    case "get_vm":
      guard var vm = state.find("vms", "id", id) else { return Self.apiError(404, message: "VM not found.") }
      vm = advance(vm)
      state.upsert("vms", vm)
      return Self.json(Self.vmView(vm))
    case "create_vm": return createVM(arguments)
    case "get_cost_estimate_vm":
      if let problem = vmProblem(arguments) { return problem }
      let specs = arguments["vmSpecs"] ?? .null
      return Self.json(FakeCloudPrices.vm(
        vcpu: specs["vcpu"]?.doubleValue ?? 1, memoryMb: specs["memoryMb"]?.intValue ?? 512,
        rootDiskGb: specs["rootDiskGb"]?.intValue ?? 25, monthlySubscription: arguments["subscriptionPeriod"]?.stringValue == "monthly"))
    case "delete_vm": return deleteVM(id)
    case "power_vm":
      guard var vm = state.find("vms", "id", id) else { return Self.apiError(404, message: "VM not found.") }
      let action = arguments["action"]?.stringValue ?? "start"
      vm = vm.setting("status", to: .string(action == "stop" ? "STOPPED" : "STARTED"))
      state.upsert("vms", vm)
      return Self.json(.object([("id", .string(id)), ("status", .string(action == "stop" ? "stopping" : action == "reboot" ? "rebooting" : "starting"))]))
    case "scale_vm": return scaleVM(id, arguments)
    case "list_vm_packages": return Self.page(Self.packages, arguments)
    case "get_vm_package_by_label": return byLabel(Self.packages, arguments, "Package")
    case "list_images":
      let os = arguments["os"]?.stringValue?.lowercased()
      let version = arguments["version"]?.stringValue
      return Self.page(Self.images.filter { image in
        (os == nil || image["os"]?.stringValue?.lowercased() == os) && (version == nil || image["version"]?.stringValue == version)
      }, arguments)
    case "get_image_by_label": return byLabel(Self.images, arguments, "Image")
    case "list_regions": return Self.page(Self.regions, arguments)
    case "get_region_by_label": return byLabel(Self.regions, arguments, "Region")
    case "list_ssh_keys": return Self.page(state.items("sshKeys").map { $0.visible }, arguments)
    case "create_ssh_key": return createSSHKey(arguments)
    case "delete_ssh_key":
      let key = arguments["name"]?.stringValue ?? ""
      guard state.find("sshKeys", "name", key) != nil else { return Self.apiError(404, message: "SSH key not found.") }
      state.remove("sshKeys") { $0["name"]?.stringValue == key }
      return Self.noContent(name)
    default: return nil
    }
  }

  private func byLabel(_ items: [JSONValue], _ arguments: JSONValue, _ what: String) -> MCPToolResult {
    let label = arguments["label"]?.stringValue ?? ""
    guard let item = items.first(where: { $0["label"]?.stringValue == label }) else {
      return Self.apiError(404, message: "\(what) \(label) not found.")
    }
    return Self.json(item)
  }

  /// Why the create_vm arguments would be refused by the API, if they would.
  func vmProblem(_ arguments: JSONValue) -> MCPToolResult? {
    var messages: [String] = []
    let name = arguments["name"]?.stringValue ?? ""
    let validName = (1...63).contains(name.count) && (name.first?.isLetter ?? false)
      && (name.last.map { $0.isLetter || $0.isNumber } ?? false) && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" }
    if !validName { messages.append("name must be 1-63 letters, digits or hyphens, start with a letter and end with a letter or digit") }
    if !Self.regions.contains(where: { $0["label"] == arguments["region"] }) { messages.append("region is not a known region label") }
    if !Self.images.contains(where: { $0["label"] == arguments["image"] }) { messages.append("image is not a known image label") }
    if let package = Self.packages.first(where: { $0["label"] == arguments["vmPackage"] }) {
      let specs = arguments["vmSpecs"] ?? .null
      let cpu = specs["vcpu"]?.doubleValue ?? 0
      let memory = specs["memoryMb"]?.intValue ?? 0
      if cpu < Double(package["minCpu"]?.intValue ?? 1) || cpu > Double(package["maxCpu"]?.intValue ?? 1) {
        messages.append("vmSpecs.vcpu must be within the package's \(package["minCpu"]?.intValue ?? 1)-\(package["maxCpu"]?.intValue ?? 1)")
      }
      if memory < package["minMemoryMb"]?.intValue ?? 512 || memory > package["maxMemoryMb"]?.intValue ?? 512 {
        messages.append("vmSpecs.memoryMb must be within the package's limits")
      }
    } else {
      messages.append("vmPackage is not a known package label")
    }
    return messages.isEmpty ? nil : Self.apiError(400, message: messages.joined(separator: "; "))
  }

  private func createVM(_ arguments: JSONValue) -> MCPToolResult {
    if let problem = vmProblem(arguments) { return problem }
    let name = arguments["name"]?.stringValue ?? ""
    if state.find("vms", "name", name) != nil { return Self.apiError(409, message: "A VM named \(name) already exists.") }
    for key in (arguments["keypairs"]?.arrayValue ?? []).compactMap(\.stringValue) where state.find("sshKeys", "name", key) == nil {
      return Self.apiError(400, message: "SSH key \(key) not found")
    }
    let id = state.nextID()
    var network: JSONValue
    if let networkID = arguments["network"]?.stringValue {
      guard let existing = state.find("networks", "id", networkID) else { return Self.apiError(404, message: "Network not found.") }
      network = existing
    } else {
      network = createIsolatedNetwork(name: "\(name)-network", region: arguments["region"]?.stringValue ?? "", auto: true)
      if let access = arguments["networkAccess"] {
        openInboundPorts(access, networkID: network["id"]?.stringValue ?? "", vmID: id, vmName: name)
      }
    }
    let specs = arguments["vmSpecs"] ?? .null
    let image = Self.images.first { $0["label"] == arguments["image"] }
    let vm: JSONValue = .object([
      ("id", .string(id)), ("name", .string(name)), ("status", .string("CREATING")), ("region", arguments["region"] ?? .null),
      ("vmPackage", arguments["vmPackage"] ?? .null), ("cpu", .double(specs["vcpu"]?.doubleValue ?? 1)),
      ("memoryMb", .int(specs["memoryMb"]?.intValue ?? 512)), ("rootDiskGb", .int(specs["rootDiskGb"]?.intValue ?? 25)),
      ("tags", arguments["tags"] ?? .array([])), ("subscriptionPeriod", arguments["subscriptionPeriod"] ?? .null),
      ("image", arguments["image"] ?? .null), ("imageDisplayName", image?["description"] ?? .null),
      ("ipAddress", .string("10.1.1.\(10 + state.items("vms").count)")), ("networkName", network["name"] ?? .null),
      ("networkId", network["id"] ?? .null), ("rootVolumeId", .null), ("createdAt", .string(state.now)),
      ("_polls", .int(0)), ("_keypairs", arguments["keypairs"] ?? .array([])),
    ])
    state.upsert("vms", vm)
    return Self.json(Self.vmView(vm).setting("passwordMessage", to: .string("Set a password for the cloud user with reset_vm_password.")))
  }

  /// A VM moves CREATING -> STARTED after two polls; its root volume appears with STARTED.
  private func advance(_ vm: JSONValue) -> JSONValue {
    let polls = (vm["_polls"]?.intValue ?? 0) + 1
    var next = vm.setting("_polls", to: .int(polls))
    if vm["status"]?.stringValue == "CREATING", polls >= 2 {
      next = next.setting("status", to: .string("STARTED")).setting("rootVolumeId", to: .string(state.nextID()))
    }
    return next
  }

  static func vmView(_ vm: JSONValue) -> JSONValue {
    vm.visible
  }

  private func deleteVM(_ id: String) -> MCPToolResult {
    guard let vm = state.find("vms", "id", id) else { return Self.apiError(404, message: "VM not found.") }
    state.remove("vms") { $0["id"]?.stringValue == id }
    for volume in state.items("volumes") where volume["vmId"]?.stringValue == id {
      state.upsert("volumes", volume.setting("vmId", to: .null).setting("status", to: .string("Ready")))
    }
    state.remove("portForwardingRules") { $0["vmId"]?.stringValue == id }
    if let networkID = vm["networkId"]?.stringValue, let network = state.find("networks", "id", networkID),
      network["_auto"]?.boolValue == true, !state.items("vms").contains(where: { $0["networkId"]?.stringValue == networkID })
    {
      deleteNetwork(networkID)
    }
    return Self.noContent("delete_vm")
  }

  private func scaleVM(_ id: String, _ arguments: JSONValue) -> MCPToolResult {
    guard var vm = state.find("vms", "id", id) else { return Self.apiError(404, message: "VM not found.") }
    let cpu = arguments["cpu"]?.intValue
    let memory = arguments["memoryMb"]?.intValue
    guard cpu != nil || memory != nil else { return Self.apiError(400, message: "cpu or memoryMb is required") }
    let running = vm["status"]?.stringValue == "STARTED"
    if running, (cpu.map { Double($0) < (vm["cpu"]?.doubleValue ?? 0) } ?? false) || (memory.map { $0 < (vm["memoryMb"]?.intValue ?? 0) } ?? false) {
      return Self.apiError(400, message: "While the VM is running only scaling up is allowed; stop it first to scale down.")
    }
    if let cpu { vm = vm.setting("cpu", to: .double(Double(cpu))) }
    if let memory { vm = vm.setting("memoryMb", to: .int(memory)) }
    state.upsert("vms", vm)
    return Self.noContent("scale_vm")
  }

  private func createSSHKey(_ arguments: JSONValue) -> MCPToolResult {
    let name = arguments["name"]?.stringValue ?? ""
    if state.find("sshKeys", "name", name) != nil { return Self.apiError(409, message: "An SSH key named \(name) already exists.") }
    let fingerprint = "SHA256:" + state.nextID().replacing("-", with: "").prefix(43)
    state.upsert("sshKeys", .object([("name", .string(name)), ("fingerprint", .string(fingerprint))]), key: "name")
    var body: JSONValue = .object([("name", .string(name)), ("fingerprint", .string(fingerprint))])
    if arguments["publicKey"] == nil {
      let material = (0..<6).map { _ in state.nextID().replacing("-", with: "") }.joined()
      body = body.setting("privateKey", to: .string(
        "-----BEGIN OPENSSH PRIVATE KEY-----\n\(material)\n-----END OPENSSH PRIVATE KEY-----\n"))
    }
    return Self.json(body)
  }
}
