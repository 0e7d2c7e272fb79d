public import LandfallCore

/// Answers DNS questions from a lookup (usually the fake cloud's zones): A and AAAA records for
/// names, and one name server for every two-label zone, whose replies carry the AA flag.
///
/// With `previous`, the domain starts out at another DNS provider that points it at Fly with its
/// own TTL: its zone is delegated there until the cloud hosts the zone (`hosted`), as if the
/// person set the cloud's name servers at the registrar when the zone was created.
public struct FakeDNSResolver: DNSResolver {
  /// The fake zones' name server and its address.
  public static let nameServer = "ns1.landfall-fake.test"
  public static let nameServerAddress = "198.51.100.53"
  /// The name server of the provider that serves the domain before the cutover, and its address.
  public static let previousNameServer = "ns1.previous-dns.test"
  public static let previousNameServerAddress = "198.51.100.60"

  /// A domain as the previous DNS provider serves it.
  public struct PreviousRecords: Sendable {
    public var name: String
    public var addresses: [String]
    public var ttl: UInt32

    /// `name` pointing at `addresses` with `ttl` seconds.
    public init(name: String, addresses: [String], ttl: UInt32) {
      self.name = name.lowercased()
      self.addresses = addresses
      self.ttl = ttl
    }

    var zone: String { Self.zone(of: name) }

    static func zone(of name: String) -> String { name.split(separator: ".").suffix(2).joined(separator: ".") }
  }

  private let lookup: @Sendable (String) async -> [String]
  private let hosted: @Sendable (String) async -> Bool
  private let previous: PreviousRecords?
  private let ttl: UInt32

  /// A resolver whose addresses for a name come from `lookup`; `hosted` says whether the cloud
  /// hosts a zone (every zone when omitted).
  public init(
    ttl: UInt32 = 300, previous: PreviousRecords? = nil, hosted: @escaping @Sendable (String) async -> Bool = { _ in true },
    lookup: @escaping @Sendable (String) async -> [String]
  ) {
    self.lookup = lookup
    self.hosted = hosted
    self.previous = previous
    self.ttl = ttl
  }

  public func query(_ name: String, type: DNSRecordType, server: DNSServer) async throws(DNSError) -> DNSReply {
    let owner = name.lowercased()
    let atPrevious = await servedByPrevious(owner, server: server)
    let authoritative = server.host == Self.nameServerAddress || server.host == Self.previousNameServerAddress
    switch type {
    case .ns:
      let apex = owner.split(separator: ".").count == 2
      let host = atPrevious ? Self.previousNameServer : Self.nameServer
      let records = apex ? [DNSRecord(name: owner, type: .ns, ttl: 86_400, data: .name(host))] : []
      return DNSReply(id: 1, authoritative: authoritative, truncated: false, responseCode: 0, answers: records)
    case .a, .aaaa:
      let found: [String]
      var recordTTL = ttl
      if owner == Self.nameServer {
        found = [Self.nameServerAddress]
      } else if owner == Self.previousNameServer {
        found = [Self.previousNameServerAddress]
      } else if atPrevious, let previous {
        found = owner == previous.name ? previous.addresses : []
        recordTTL = previous.ttl
      } else {
        found = await lookup(owner)
      }
      let addresses = found.filter { $0.contains(":") == (type == .aaaa) }
      let records = addresses.map { DNSRecord(name: owner, type: type, ttl: recordTTL, data: .address($0)) }
      return DNSReply(id: 1, authoritative: authoritative, truncated: false, responseCode: found.isEmpty ? 3 : 0, answers: records)
    default:
      return DNSReply(id: 1, authoritative: authoritative, truncated: false, responseCode: 0, answers: [])
    }
  }

  /// True when the previous provider answers for `owner` at `server`: asked directly, or asked
  /// through a resolver while the cloud does not host the zone yet.
  private func servedByPrevious(_ owner: String, server: DNSServer) async -> Bool {
    guard let previous, PreviousRecords.zone(of: owner) == previous.zone else { return false }
    if server.host == Self.previousNameServerAddress { return true }
    if server.host == Self.nameServerAddress { return false }
    return !(await hosted(previous.zone))
  }
}
