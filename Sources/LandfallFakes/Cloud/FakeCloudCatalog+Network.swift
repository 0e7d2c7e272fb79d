internal import LandfallCore
internal import LandfallModel

extension FakeCloudCatalog {
  static let networking: [Entry] = [
    entry("networking", "list_isolated_networks", .read, "List isolated networks", "List the isolated networks in the account.", pagination),
    entry("networking", "get_isolated_network", .read, "Get isolated network", "Get one isolated network with its IP addresses.", [("id", S.string("network id"))], required: ["id"]),
    entry("networking", "list_public_ips", .read, "List public IPs", "List the public IP addresses in the account.", pagination),
    entry("networking", "list_public_ips_by_isolated_network", .read, "List public IPs of a network", "List the public IPs of one isolated network; the source-NAT one carries the VM's inbound rules.", [
      ("isolatedNetworkId", S.string("isolated network id")),
    ] + pagination, required: ["isolatedNetworkId"]),
    entry("networking", "get_public_ip", .read, "Get public IP", "Get one public IP address with its NAT settings.", [("id", S.string("public IP id"))], required: ["id"]),
    entry("networking", "reserve_public_ip", .write, "Reserve public IP", "Reserve an extra public IP for a network or VPC.", [
      ("region", S.string("region label")), ("networkId", S.string("isolated network id")), ("vpcId", S.string("VPC id")),
    ], required: ["region"]),
    entry("networking", "release_public_ip", .destructive, idempotent: true, "Release public IP", "Release a reserved public IP address.", [("id", S.string("public IP id"))], required: ["id"]),
    entry("networking", "get_cost_estimate_public_ip", .read, "Public IP cost estimate", "Estimate the cost of one extra public IP."),
    entry("networking", "enable_static_nat", .write, idempotent: true, "Enable static NAT", "Map a public IP one-to-one to a VM.", [
      ("id", S.string("public IP id")), ("virtualMachineId", S.string("VM id")),
    ], required: ["id", "virtualMachineId"]),
    entry("networking", "disable_static_nat", .write, idempotent: true, "Disable static NAT", "Remove a public IP's one-to-one mapping.", [("id", S.string("public IP id"))], required: ["id"]),
    entry("networking", "list_firewall_rules", .read, "List firewall rules", "List the firewall rules of a public IP.", [("ipId", S.string("public IP id"))] + pagination, required: ["ipId"]),
    entry("networking", "create_firewall_rule", .write, "Create firewall rule", "Allow traffic to a public IP from source CIDRs on a port range.", [
      ("ipId", S.string("public IP id")), ("protocol", S.enumeration(["TCP", "UDP", "ICMP", "ALL"], "protocol")),
      ("sourceCidrList", S.string("comma-separated source CIDRs, e.g. 0.0.0.0/0")),
      ("startPort", S.integer("first port", minimum: 1, maximum: 65535)), ("endPort", S.integer("last port", minimum: 1, maximum: 65535)),
      ("type", S.enumeration(["Ingress", "Egress"], "direction, default Ingress")),
    ], required: ["ipId", "protocol", "sourceCidrList"]),
    entry("networking", "delete_firewall_rule", .destructive, idempotent: true, "Delete firewall rule", "Delete a firewall rule.", [("ruleId", S.string("rule id"))], required: ["ruleId"]),
    entry("networking", "list_port_forwarding_rules", .read, "List port forwarding rules", "List the port forwarding rules of a public IP.", [("ipId", S.string("public IP id"))] + pagination, required: ["ipId"]),
    entry("networking", "create_port_forwarding_rule", .write, "Create port forwarding rule", "Forward a public port of an IP to a VM's private port.", [
      ("ipId", S.string("public IP id")), ("privatePort", S.string("VM port, \"1\"-\"65535\"")), ("publicPort", S.string("public port, \"1\"-\"65535\"")),
      ("protocol", S.enumeration(["TCP", "UDP"], "protocol")), ("vmId", S.string("VM id")),
      ("openFirewall", S.string("\"true\" to also open the firewall")), ("tierId", S.string("VPC tier id")),
    ], required: ["ipId", "privatePort", "publicPort", "protocol", "vmId"]),
    entry("networking", "delete_port_forwarding_rule", .destructive, idempotent: true, "Delete port forwarding rule", "Delete a port forwarding rule.", [("ruleId", S.string("rule id"))], required: ["ruleId"]),
    entry("networking", "list_load_balancer_rules", .read, "List load balancer rules", "List the load balancer rules of a public IP.", [("ipId", S.string("public IP id"))] + pagination, required: ["ipId"]),
    entry("networking", "create_load_balancer_rule", .write, "Create load balancer rule", "Balance a public port of an IP across VMs' private port.", [
      ("ipId", S.string("public IP id")), ("name", S.string("rule name", minLength: 1)),
      ("algorithm", S.enumeration(["roundrobin", "leastconn", "source"], "balancing algorithm")),
      ("publicPort", S.string("public port, \"1\"-\"65535\"")), ("privatePort", S.string("VM port, \"1\"-\"65535\"")),
      ("protocol", S.enumeration(["tcp", "udp", "tcp-proxy"], "protocol, default tcp")), ("sourceCidrList", S.string("source CIDRs")),
      ("description", S.string("description")),
    ], required: ["ipId", "name", "algorithm", "publicPort", "privatePort"]),
    entry("networking", "delete_load_balancer_rule", .destructive, idempotent: true, "Delete load balancer rule", "Delete a load balancer rule.", [("ruleId", S.string("rule id"))], required: ["ruleId"]),
    entry("networking", "assign_vms_to_load_balancer", .write, idempotent: true, "Assign VMs to load balancer", "Add VMs behind a load balancer rule.", [
      ("ruleId", S.string("rule id")), ("vmIds", S.strings("VM ids")),
    ], required: ["ruleId", "vmIds"]),
  ]

  static let dns: [Entry] = [
    entry("dns", "list_dns_zones", .read, "List DNS zones", "List the hosted DNS zones in the account.", pagination),
    entry("dns", "create_dns_zone", .write, "Create DNS zone", "Create a hosted DNS zone for a domain.", [("name", S.string("domain, e.g. example.com", minLength: 1))], required: ["name"]),
    entry("dns", "delete_dns_zone", .destructive, idempotent: true, "Delete DNS zone", "Delete a hosted DNS zone and its records.", [("id", S.string("zone id"))], required: ["id"]),
    entry("dns", "list_dns_records", .read, "List DNS records", "List the records of one hosted DNS zone.", [("zoneId", S.string("zone id"))] + pagination, required: ["zoneId"]),
    entry("dns", "create_dns_record", .write, "Create DNS record", "Add a record to a zone; name @ is the apex.", [
      ("zoneId", S.string("zone id")), ("name", S.string("@ or a relative label")), ("type", S.enumeration(recordTypes, "record type")),
      ("content", S.string("IP, hostname or text")),
    ] + recordExtras, required: ["zoneId", "name", "type", "content"]),
    entry("dns", "update_dns_record", .write, idempotent: true, "Update DNS record", "Replace a record identified by its current name and type.", [
      ("zoneId", S.string("zone id")), ("currentName", S.string("current name")), ("currentType", S.enumeration(recordTypes, "current type")),
      ("name", S.string("new name")), ("type", S.enumeration(recordTypes, "new type")), ("content", S.string("new content")),
    ] + recordExtras, required: ["zoneId", "currentName", "currentType", "name", "type", "content"]),
    entry("dns", "delete_dns_record", .destructive, idempotent: true, "Delete DNS record", "Delete a record, or one value of a multi-value set.", [
      ("zoneId", S.string("zone id")), ("name", S.string("name")), ("type", S.enumeration(recordTypes, "type")), ("content", S.string("one value to remove")),
    ], required: ["zoneId", "name", "type"]),
  ]
}

/// JSON Schema builders for the fake cloud's tools.
enum S {
  static func object(_ properties: [(String, JSONValue)], required: [String] = [], closed: Bool = true) -> JSONValue {
    var pairs: [(key: String, value: JSONValue)] = [
      ("type", .string("object")), ("properties", .object(properties.map { (key: $0.0, value: $0.1) })),
    ]
    if !required.isEmpty { pairs.append(("required", .strings(required))) }
    if closed { pairs.append(("additionalProperties", .bool(false))) }
    return .object(pairs)
  }

  static func string(_ description: String, minLength: Int? = nil) -> JSONValue {
    var pairs: [(key: String, value: JSONValue)] = [("type", .string("string")), ("description", .string(description))]
    if let minLength { pairs.append(("minLength", .int(minLength))) }
    return .object(pairs)
  }

  static func integer(_ description: String, minimum: Int? = nil, maximum: Int? = nil) -> JSONValue {
    var pairs: [(key: String, value: JSONValue)] = [("type", .string("integer")), ("description", .string(description))]
    if let minimum { pairs.append(("minimum", .int(minimum))) }
    if let maximum { pairs.append(("maximum", .int(maximum))) }
    return .object(pairs)
  }

  static func number(_ description: String, minimum: Int) -> JSONValue {
    .object([("type", .string("number")), ("description", .string(description)), ("minimum", .int(minimum))])
  }

  static func boolean(_ description: String) -> JSONValue {
    .object([("type", .string("boolean")), ("description", .string(description))])
  }

  static func enumeration(_ values: [String], _ description: String) -> JSONValue {
    .object([("type", .string("string")), ("enum", .strings(values)), ("description", .string(description))])
  }

  static func strings(_ description: String) -> JSONValue {
    .object([("type", .string("array")), ("items", .object([("type", .string("string"))])), ("description", .string(description))])
  }
}
