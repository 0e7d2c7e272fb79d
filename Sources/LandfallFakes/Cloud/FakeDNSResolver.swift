public import LandfallCore

/// Answers DNS questions from a lookup (usually the fake cloud's zones): A and AAAA records for
/// names, and one name server for every two-label zone, whose replies carry the AA flag.
public struct FakeDNSResolver: DNSResolver {
  /// The fake zones' name server and its address.
  public static let nameServer = "ns1.landfall-fake.test"
  public static let nameServerAddress = "198.51.100.53"

  private let lookup: @Sendable (String) async -> [String]
  private let ttl: UInt32

  /// A resolver whose addresses for a name come from `lookup`.
  public init(ttl: UInt32 = 300, lookup: @escaping @Sendable (String) async -> [String]) {
    self.lookup = lookup
    self.ttl = ttl
  }

  public func query(_ name: String, type: DNSRecordType, server: DNSServer) async throws(DNSError) -> DNSReply {
    let authoritative = server.host == Self.nameServerAddress
    let owner = name.lowercased()
    switch type {
    case .ns:
      let apex = owner.split(separator: ".").count == 2
      let records = apex ? [DNSRecord(name: owner, type: .ns, ttl: 86_400, data: .name(Self.nameServer))] : []
      return DNSReply(id: 1, authoritative: authoritative, truncated: false, responseCode: 0, answers: records)
    case .a, .aaaa:
      let found = owner == Self.nameServer ? [Self.nameServerAddress] : await lookup(owner)
      let addresses = found.filter { $0.contains(":") == (type == .aaaa) }
      let records = addresses.map { DNSRecord(name: owner, type: type, ttl: ttl, data: .address($0)) }
      return DNSReply(id: 1, authoritative: authoritative, truncated: false, responseCode: found.isEmpty ? 3 : 0, answers: records)
    default:
      return DNSReply(id: 1, authoritative: authoritative, truncated: false, responseCode: 0, answers: [])
    }
  }
}
