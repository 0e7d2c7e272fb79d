public import LandfallCore
internal import LandfallModel
internal import LandfallTools

extension FakeCloud {
  func handleDNS(_ name: String, _ arguments: JSONValue) -> MCPToolResult? {
    let zoneID = arguments["zoneId"]?.stringValue ?? ""
    switch name {
    case "list_dns_zones": return Self.page(state.items("dnsZones"), arguments)
    case "create_dns_zone":
      let domain = (arguments["name"]?.stringValue ?? "").lowercased()
      guard domain.contains("."), !domain.hasPrefix("."), !domain.hasSuffix(".") else {
        return Self.apiError(400, message: "name must be a domain such as example.com")
      }
      if state.find("dnsZones", "name", domain) != nil { return Self.apiError(409, message: "The zone \(domain) already exists.") }
      let zone: JSONValue = .object([("id", .string(state.nextID())), ("name", .string(domain)), ("createdAt", .string(state.now))])
      state.upsert("dnsZones", zone)
      return Self.json(zone)
    case "delete_dns_zone":
      let id = arguments["id"]?.stringValue ?? ""
      guard state.find("dnsZones", "id", id) != nil else { return Self.apiError(404, message: "Zone not found.") }
      state.remove("dnsZones") { $0["id"]?.stringValue == id }
      state.remove("dnsRecords") { $0["_zone"]?.stringValue == id }
      return Self.noContent(name)
    case "list_dns_records":
      guard state.find("dnsZones", "id", zoneID) != nil else { return Self.apiError(404, message: "Zone not found.") }
      return Self.page(state.items("dnsRecords").filter { $0["_zone"]?.stringValue == zoneID }, arguments)
    case "create_dns_record", "update_dns_record": return writeRecord(name, zoneID, arguments)
    case "delete_dns_record":
      guard state.find("dnsZones", "id", zoneID) != nil else { return Self.apiError(404, message: "Zone not found.") }
      let content = arguments["content"]?.stringValue
      let before = state.items("dnsRecords").count
      state.remove("dnsRecords") { record in
        record["_zone"]?.stringValue == zoneID && record["name"] == arguments["name"] && record["type"] == arguments["type"]
          && (content == nil || record["content"]?.stringValue == content)
      }
      return state.items("dnsRecords").count == before ? Self.apiError(404, message: "Record not found.") : Self.noContent(name)
    default: return nil
    }
  }

  private func writeRecord(_ tool: String, _ zoneID: String, _ arguments: JSONValue) -> MCPToolResult {
    guard state.find("dnsZones", "id", zoneID) != nil else { return Self.apiError(404, message: "Zone not found.") }
    let type = arguments["type"]?.stringValue ?? ""
    let content = arguments["content"]?.stringValue ?? ""
    if type == "A", content.split(separator: ".").count != 4 || !content.split(separator: ".").allSatisfy({ UInt8($0) != nil }) {
      return Self.apiError(400, message: "content must be an IPv4 address for an A record")
    }
    if ["MX", "SRV"].contains(type), arguments["priority"] == nil { return Self.apiError(400, message: "priority is required for \(type) records") }
    if tool == "update_dns_record" {
      let before = state.items("dnsRecords").count
      state.remove("dnsRecords") { record in
        record["_zone"]?.stringValue == zoneID && record["name"] == arguments["currentName"] && record["type"] == arguments["currentType"]
      }
      if state.items("dnsRecords").count == before { return Self.apiError(404, message: "Record not found.") }
    }
    var record: JSONValue = .object([
      ("name", arguments["name"] ?? .null), ("type", .string(type)), ("ttl", .int(arguments["ttl"]?.intValue ?? 3600)),
      ("content", .string(content)),
    ])
    for key in ["priority", "weight", "port"] { if let value = arguments[key] { record = record.setting(key, to: value) } }
    var list = state.items("dnsRecords")
    list.append(record.setting("_zone", to: .string(zoneID)))
    state.collections["dnsRecords"] = list
    return Self.json(record)
  }
}

extension FakeCloudState {
  /// What `domain` resolves to in the hosted zones, as their name server answers it: its CNAME
  /// followed through the hosted zones (at most `DNSCheck.maximumAliases` steps, never round a
  /// loop), then the A and AAAA records where the chain ends, each record with its own TTL. A chain
  /// that leaves the hosted zones ends with its last CNAME.
  public func resolve(_ domain: String) -> [DNSRecord] {
    var owner = DNSReply.normal(domain)
    var chain: [DNSRecord] = []
    var seen: Set<String> = []
    while seen.insert(owner).inserted, seen.count <= DNSCheck.maximumAliases + 1 {
      let records = hostedRecords(at: owner)
      if let alias = records.first(where: { $0.type == .cname }), case .name(let target) = alias.data {
        chain.append(alias)
        owner = DNSReply.normal(target)
        continue
      }
      return chain + records.filter { $0.type == .a || $0.type == .aaaa }
    }
    return chain
  }

  /// The A, AAAA and CNAME records the hosted zone that holds `owner` has at exactly that name.
  private func hostedRecords(at owner: String) -> [DNSRecord] {
    for zone in items("dnsZones") {
      guard let zoneName = zone["name"]?.stringValue, owner == zoneName || owner.hasSuffix("." + zoneName) else { continue }
      let label = owner == zoneName ? "@" : String(owner.dropLast(zoneName.count + 1))
      return items("dnsRecords").filter { $0["_zone"] == zone["id"] && $0["name"]?.stringValue == label }.compactMap { record in
        guard let content = record["content"]?.stringValue else { return nil }
        let ttl = UInt32(clamping: record["ttl"]?.intValue ?? 3600)
        switch record["type"]?.stringValue {
        case "A": return DNSRecord(name: owner, type: .a, ttl: ttl, data: .address(content))
        case "AAAA": return DNSRecord(name: owner, type: .aaaa, ttl: ttl, data: .address(content))
        case "CNAME": return DNSRecord(name: owner, type: .cname, ttl: ttl, data: .name(DNSReply.normal(content)))
        default: return nil
        }
      }
    }
    return []
  }
}

extension FakeCloudState {
  /// True when one of the hosted zones is `zone`.
  public func hostsZone(_ zone: String) -> Bool {
    find("dnsZones", "name", zone.lowercased()) != nil
  }
}
