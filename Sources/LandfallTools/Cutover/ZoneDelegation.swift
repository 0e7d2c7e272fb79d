public import LandfallCore

/// The closest zone above a name that has NS records, as a recursive resolver sees it: where the
/// registrar (or the parent zone) delegates the domain today.
public struct ZoneDelegation: Sendable, Equatable {
  public var zone: String
  /// The zone's name servers, sorted.
  public var nameServers: [String]
  /// The first name server that has an address, and that address as a server to ask.
  public var server: DNSServer
  public var serverName: String

  /// Finds the delegation of `name` by asking `recursive` for NS records, label by label upwards.
  public static func find(_ name: String, resolver: any DNSResolver, recursive: DNSServer) async throws(DNSError) -> ZoneDelegation {
    let labels = name.lowercased().split(separator: ".")
    for start in 0..<max(labels.count - 1, 0) {
      let zone = labels[start...].joined(separator: ".")
      let reply = try await resolver.query(zone, type: .ns, server: recursive)
      let servers = reply.answers.compactMap { record -> String? in
        if record.type == .ns, case .name(let host) = record.data { return host.lowercased() }
        return nil
      }.sorted()
      for host in servers {
        let addresses = try await resolver.query(host, type: .a, server: recursive).addresses(of: host, type: .a)
        if case .address(let address)? = addresses.first?.data {
          return ZoneDelegation(zone: zone, nameServers: servers, server: DNSServer(host: address), serverName: host)
        }
      }
    }
    throw .unreachable(server: recursive.description, reason: "no name server was found for \(name) or any zone above it")
  }

  /// True when every server in `expected` is among the delegated name servers (trailing dots and
  /// case ignored).
  public func delegates(to expected: [String]) -> Bool {
    let normal = { (host: String) in host.lowercased().hasSuffix(".") ? String(host.lowercased().dropLast()) : host.lowercased() }
    let current = Set(nameServers.map(normal))
    return !expected.isEmpty && expected.allSatisfy { current.contains(normal($0)) }
  }
}
