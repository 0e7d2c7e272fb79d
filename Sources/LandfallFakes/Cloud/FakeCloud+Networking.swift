internal import LandfallCore
internal import LandfallModel

extension FakeCloud {
  func handleNetworking(_ name: String, _ arguments: JSONValue) -> MCPToolResult? {
    let id = arguments["id"]?.stringValue ?? ""
    switch name {
    case "list_isolated_networks": return Self.page(state.items("networks"), arguments)
    case "get_isolated_network":
      guard let network = state.find("networks", "id", id) else { return Self.apiError(404, message: "Network not found.") }
      let addresses = state.items("publicIps").filter { $0["networkId"] == network["id"] }.compactMap { $0["ipAddress"] }
      return Self.json(network.setting("ipAddresses", to: .array(addresses)))
    case "list_public_ips": return Self.page(state.items("publicIps"), arguments)
    case "list_public_ips_by_isolated_network":
      let network = arguments["isolatedNetworkId"]?.stringValue
      return Self.page(state.items("publicIps").filter { $0["networkId"]?.stringValue == network }, arguments)
    case "get_public_ip":
      guard let ip = state.find("publicIps", "id", id) else { return Self.apiError(404, message: "Public IP not found.") }
      return Self.json(ip)
    case "reserve_public_ip":
      guard let networkID = arguments["networkId"]?.stringValue, state.find("networks", "id", networkID) != nil else {
        return Self.apiError(400, message: "networkId or vpcId is required")
      }
      return Self.json(reserveAddress(networkID: networkID, region: arguments["region"]?.stringValue ?? "", sourceNat: false))
    case "release_public_ip":
      guard let ip = state.find("publicIps", "id", id) else { return Self.apiError(404, message: "Public IP not found.") }
      if ip["isSourceNat"]?.boolValue == true { return Self.apiError(400, message: "The source NAT address of a network cannot be released.") }
      releaseAddress(id)
      return Self.noContent(name)
    case "get_cost_estimate_public_ip": return Self.json(FakeCloudPrices.publicIP())
    case "enable_static_nat", "disable_static_nat": return staticNat(name, id, arguments)
    case "list_firewall_rules":
      let ip = arguments["ipId"]?.stringValue
      return Self.page(state.items("firewallRules").filter { $0["ipAddressId"]?.stringValue == ip }, arguments)
    case "create_firewall_rule": return createFirewallRule(arguments)
    case "delete_firewall_rule", "delete_port_forwarding_rule":
      let collection = name == "delete_firewall_rule" ? "firewallRules" : "portForwardingRules"
      let rule = arguments["ruleId"]?.stringValue ?? ""
      guard state.find(collection, "id", rule) != nil else { return Self.apiError(404, message: "Rule not found.") }
      state.remove(collection) { $0["id"]?.stringValue == rule }
      return Self.noContent(name)
    case "list_port_forwarding_rules":
      let ip = arguments["ipId"]?.stringValue
      return Self.page(state.items("portForwardingRules").filter { $0["ipAddressId"]?.stringValue == ip }, arguments)
    case "create_port_forwarding_rule": return createPortForwarding(arguments)
    case "list_load_balancer_rules":
      let ip = arguments["ipId"]?.stringValue
      return Self.page(state.items("loadBalancerRules").filter { $0["ipAddressId"]?.stringValue == ip }, arguments)
    case "create_load_balancer_rule": return createLoadBalancerRule(arguments)
    case "delete_load_balancer_rule":
      let rule = arguments["ruleId"]?.stringValue ?? ""
      guard state.find("loadBalancerRules", "id", rule) != nil else { return Self.apiError(404, message: "Rule not found.") }
      state.remove("loadBalancerRules") { $0["id"]?.stringValue == rule }
      return Self.noContent(name)
    case "assign_vms_to_load_balancer":
      let ruleID = arguments["ruleId"]?.stringValue ?? ""
      guard let rule = state.find("loadBalancerRules", "id", ruleID) else { return Self.apiError(404, message: "Rule not found.") }
      let vmIDs = (arguments["vmIds"]?.arrayValue ?? []).compactMap(\.stringValue)
      for vm in vmIDs where state.find("vms", "id", vm) == nil { return Self.apiError(404, message: "VM \(vm) not found.") }
      let current = (rule["_vms"]?.arrayValue ?? []).compactMap(\.stringValue)
      state.upsert("loadBalancerRules", rule.setting("_vms", to: .strings(Array(Set(current + vmIDs)).sorted())))
      return Self.noContent(name)
    default: return nil
    }
  }

  func createIsolatedNetwork(name: String, region: String, auto: Bool) -> JSONValue {
    let networkNumber = state.items("networks").count + 1
    let network: JSONValue = .object([
      ("id", .string(state.nextID())), ("name", .string(name)), ("description", .string("created with the VM")),
      ("cidr", .string("10.1.\(networkNumber).0/24")), ("gateway", .string("10.1.\(networkNumber).1")), ("status", .string("Allocated")),
      ("region", .string(region)), ("createdAt", .string(state.now)), ("type", .string("Isolated")), ("_auto", .bool(auto)),
    ])
    state.upsert("networks", network)
    _ = reserveAddress(networkID: network["id"]?.stringValue ?? "", region: region, sourceNat: true)
    return network
  }

  func deleteNetwork(_ id: String) {
    for ip in state.items("publicIps") where ip["networkId"]?.stringValue == id { releaseAddress(ip["id"]?.stringValue ?? "") }
    state.remove("networks") { $0["id"]?.stringValue == id }
  }

  private func reserveAddress(networkID: String, region: String, sourceNat: Bool) -> JSONValue {
    let host = 10 + state.items("publicIps").count + (state.collections["releasedIps"]?.count ?? 0)
    let ip: JSONValue = .object([
      ("id", .string(state.nextID())), ("ipAddress", .string("203.0.113.\(host)")), ("networkId", .string(networkID)),
      ("status", .string("Allocated")), ("region", .string(region)), ("createdAt", .string(state.now)),
      ("isSourceNat", .bool(sourceNat)), ("isStaticNat", .bool(false)), ("hasFirewallRules", .bool(false)),
    ])
    state.upsert("publicIps", ip)
    return ip
  }

  private func releaseAddress(_ id: String) {
    state.collections["releasedIps", default: []].append(.string(id))
    state.remove("publicIps") { $0["id"]?.stringValue == id }
    state.remove("firewallRules") { $0["ipAddressId"]?.stringValue == id }
    state.remove("portForwardingRules") { $0["ipAddressId"]?.stringValue == id }
  }

  private func staticNat(_ name: String, _ id: String, _ arguments: JSONValue) -> MCPToolResult {
    guard var ip = state.find("publicIps", "id", id) else { return Self.apiError(404, message: "Public IP not found.") }
    if name == "enable_static_nat" {
      let vmID = arguments["virtualMachineId"]?.stringValue ?? ""
      guard let vm = state.find("vms", "id", vmID) else { return Self.apiError(404, message: "VM not found.") }
      ip = ip.setting("isStaticNat", to: .bool(true)).setting("vmId", to: .string(vmID)).setting("vmName", to: vm["name"] ?? .null)
    } else {
      ip = ip.setting("isStaticNat", to: .bool(false)).setting("vmId", to: .null).setting("vmName", to: .null)
    }
    state.upsert("publicIps", ip)
    return Self.noContent(name)
  }

  /// For `networkAccess.inboundPorts`: a port-forwarding and a firewall rule per port on the
  /// network's source-NAT address.
  func openInboundPorts(_ access: JSONValue, networkID: String, vmID: String, vmName: String) {
    guard let ip = state.items("publicIps").first(where: { $0["networkId"]?.stringValue == networkID && $0["isSourceNat"]?.boolValue == true })
    else { return }
    let source = access["sourceCidr"]?.stringValue ?? "0.0.0.0/0"
    for entry in access["inboundPorts"]?.arrayValue ?? [] {
      let port = entry["port"]?.intValue ?? 0
      let proto = entry["protocol"]?.stringValue ?? "TCP"
      addPortForwarding(ip: ip, privatePort: port, publicPort: port, protocol: proto, vmID: vmID, vmName: vmName)
      addFirewall(ip: ip, protocol: proto, startPort: port, endPort: port, sources: source)
    }
  }

  private func createFirewallRule(_ arguments: JSONValue) -> MCPToolResult {
    guard let ip = state.find("publicIps", "id", arguments["ipId"]?.stringValue ?? "") else {
      return Self.apiError(404, message: "Public IP not found.")
    }
    let proto = arguments["protocol"]?.stringValue ?? "TCP"
    let start = arguments["startPort"]?.intValue
    let end = arguments["endPort"]?.intValue ?? start
    if ["TCP", "UDP"].contains(proto), start == nil { return Self.apiError(400, message: "startPort is required for TCP and UDP") }
    if let start, let end, end < start { return Self.apiError(400, message: "endPort must not be below startPort") }
    return Self.json(addFirewall(ip: ip, protocol: proto, startPort: start, endPort: end, sources: arguments["sourceCidrList"]?.stringValue ?? ""))
  }

  @discardableResult
  private func addFirewall(ip: JSONValue, protocol proto: String, startPort: Int?, endPort: Int?, sources: String) -> JSONValue {
    var rule: JSONValue = .object([
      ("id", .string(state.nextID())), ("protocol", .string(proto)), ("ipAddressId", ip["id"] ?? .null),
      ("ipAddress", ip["ipAddress"] ?? .null), ("state", .string("Active")), ("sourceCidrList", .string(sources)),
      ("type", .string("Ingress")), ("createdAt", .string(state.now)),
    ])
    if let startPort { rule = rule.setting("startPort", to: .int(startPort)) }
    if let endPort { rule = rule.setting("endPort", to: .int(endPort)) }
    state.upsert("firewallRules", rule)
    state.upsert("publicIps", ip.setting("hasFirewallRules", to: .bool(true)))
    return rule
  }

  private func createPortForwarding(_ arguments: JSONValue) -> MCPToolResult {
    guard let ip = state.find("publicIps", "id", arguments["ipId"]?.stringValue ?? "") else {
      return Self.apiError(404, message: "Public IP not found.")
    }
    guard let privatePort = Int(arguments["privatePort"]?.stringValue ?? ""), let publicPort = Int(arguments["publicPort"]?.stringValue ?? ""),
      (1...65535).contains(privatePort), (1...65535).contains(publicPort)
    else {
      return Self.apiError(400, message: "privatePort and publicPort must be \"1\" to \"65535\"")
    }
    let vmID = arguments["vmId"]?.stringValue ?? ""
    guard let vm = state.find("vms", "id", vmID) else { return Self.apiError(404, message: "VM not found.") }
    let proto = arguments["protocol"]?.stringValue ?? "TCP"
    let rule = addPortForwarding(ip: ip, privatePort: privatePort, publicPort: publicPort, protocol: proto, vmID: vmID, vmName: vm["name"]?.stringValue ?? "")
    if arguments["openFirewall"]?.stringValue == "true" {
      addFirewall(ip: ip, protocol: proto, startPort: publicPort, endPort: publicPort, sources: "0.0.0.0/0")
    }
    return Self.json(rule)
  }

  private func createLoadBalancerRule(_ arguments: JSONValue) -> MCPToolResult {
    guard let ip = state.find("publicIps", "id", arguments["ipId"]?.stringValue ?? "") else {
      return Self.apiError(404, message: "Public IP not found.")
    }
    guard let publicPort = Int(arguments["publicPort"]?.stringValue ?? ""), let privatePort = Int(arguments["privatePort"]?.stringValue ?? ""),
      (1...65535).contains(publicPort), (1...65535).contains(privatePort)
    else {
      return Self.apiError(400, message: "publicPort and privatePort must be \"1\" to \"65535\"")
    }
    let rule: JSONValue = .object([
      ("id", .string(state.nextID())), ("name", arguments["name"] ?? .null), ("publicPort", .int(publicPort)),
      ("privatePort", .int(privatePort)), ("algorithm", arguments["algorithm"] ?? .null),
      ("protocol", arguments["protocol"] ?? .string("tcp")), ("state", .string("Active")), ("ipAddressId", ip["id"] ?? .null),
      ("ipAddress", ip["ipAddress"] ?? .null), ("networkId", ip["networkId"] ?? .null),
      ("sourceCidrList", arguments["sourceCidrList"] ?? .string("0.0.0.0/0")), ("createdAt", .string(state.now)),
    ])
    state.upsert("loadBalancerRules", rule)
    return Self.json(rule)
  }

  @discardableResult
  private func addPortForwarding(ip: JSONValue, privatePort: Int, publicPort: Int, protocol proto: String, vmID: String, vmName: String) -> JSONValue {
    let rule: JSONValue = .object([
      ("id", .string(state.nextID())), ("privatePort", .int(privatePort)), ("publicPort", .int(publicPort)), ("protocol", .string(proto)),
      ("vmId", .string(vmID)), ("vmName", .string(vmName)), ("ipAddressId", ip["id"] ?? .null), ("ipAddress", ip["ipAddress"] ?? .null),
      ("state", .string("Active")), ("createdAt", .string(state.now)),
    ])
    state.upsert("portForwardingRules", rule)
    return rule
  }
}

extension FakeCloudState {
  /// The ports of `address` that reach a VM from the internet: a port-forwarding rule plus a
  /// firewall rule covering it, or static NAT plus a firewall rule. The fake host and DNS checks
  /// read this.
  public func reachablePorts(address: String) -> [(port: Int, vmID: String)] {
    guard let ip = items("publicIps").first(where: { $0["ipAddress"]?.stringValue == address }) else { return [] }
    let firewall = items("firewallRules").filter { $0["ipAddressId"] == ip["id"] }
    func open(_ port: Int) -> Bool {
      firewall.contains { rule in
        let proto = rule["protocol"]?.stringValue ?? ""
        if proto == "ALL" { return true }
        guard let start = rule["startPort"]?.intValue else { return false }
        return (start...(rule["endPort"]?.intValue ?? start)).contains(port)
      }
    }
    var reachable: [(port: Int, vmID: String)] = []
    for rule in items("portForwardingRules") where rule["ipAddressId"] == ip["id"] {
      if let port = rule["publicPort"]?.intValue, open(port), let vm = rule["vmId"]?.stringValue { reachable.append((port, vm)) }
    }
    if ip["isStaticNat"]?.boolValue == true, let vm = ip["vmId"]?.stringValue {
      for port in [22, 80, 443, 5432] where open(port) && !reachable.contains(where: { $0.port == port }) { reachable.append((port, vm)) }
    }
    return reachable.sorted { $0.port < $1.port }
  }
}
