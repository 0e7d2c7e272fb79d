public import LandfallCore
internal import LandfallTools

/// Answers DNS questions from a lookup (usually the fake cloud's zones): a name's CNAME chain and
/// its A and AAAA records, each with the TTL the lookup gives it, and one name server for every
/// two-label zone, whose replies carry the AA flag. Asked as a recursive resolver, it follows a
/// chain that leaves the lookup's zones into the previous provider's.
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

  private let lookup: @Sendable (String) async -> [DNSRecord]
  private let hosted: @Sendable (String) async -> Bool
  private let previous: PreviousRecords?

  /// A resolver whose records for a name come from `lookup` (a CNAME chain and the addresses it
  /// ends at, as `FakeCloudState.resolve` gives them); `hosted` says whether the cloud hosts a
  /// zone (every zone when omitted).
  public init(
    previous: PreviousRecords? = nil, hosted: @escaping @Sendable (String) async -> Bool = { _ in true },
    lookup: @escaping @Sendable (String) async -> [DNSRecord]
  ) {
    self.lookup = lookup
    self.hosted = hosted
    self.previous = previous
  }

  public func query(_ name: String, type: DNSRecordType, server: DNSServer) async throws(DNSError) -> DNSReply {
    let owner = name.lowercased()
    let authoritative = server.host == Self.nameServerAddress || server.host == Self.previousNameServerAddress
    switch type {
    case .ns:
      let apex = owner.split(separator: ".").count == 2
      let host = await servedByPrevious(owner, server: server) ? Self.previousNameServer : Self.nameServer
      let records = apex ? [DNSRecord(name: owner, type: .ns, ttl: 86_400, data: .name(host))] : []
      return DNSReply(id: 1, authoritative: authoritative, truncated: false, responseCode: 0, answers: records)
    case .a, .aaaa:
      let chain = await records(of: owner, server: server, following: !authoritative)
      let answers = chain.filter { $0.type == .cname || $0.type == type }
      return DNSReply(id: 1, authoritative: authoritative, truncated: false, responseCode: chain.isEmpty ? 3 : 0, answers: answers)
    default:
      return DNSReply(id: 1, authoritative: authoritative, truncated: false, responseCode: 0, answers: [])
    }
  }

  /// The records `server` holds for `owner`; `following` goes on through a chain that leaves the
  /// lookup's zones, as a recursive resolver would, for at most `DNSCheck.maximumAliases` steps.
  private func records(of owner: String, server: DNSServer, following: Bool, steps: Int = 0) async -> [DNSRecord] {
    if owner == Self.nameServer { return [DNSRecord(name: owner, type: .a, ttl: 86_400, data: .address(Self.nameServerAddress))] }
    if owner == Self.previousNameServer {
      return [DNSRecord(name: owner, type: .a, ttl: 86_400, data: .address(Self.previousNameServerAddress))]
    }
    if await servedByPrevious(owner, server: server), let previous {
      guard owner == previous.name else { return [] }
      return previous.addresses.map { DNSRecord(name: owner, type: $0.contains(":") ? .aaaa : .a, ttl: previous.ttl, data: .address($0)) }
    }
    let chain = await lookup(owner)
    let steps = steps + chain.count
    guard following, steps <= DNSCheck.maximumAliases, let last = chain.last, last.type == .cname, case .name(let target) = last.data,
      !chain.contains(where: { DNSReply.normal($0.name) == target })
    else { return chain }
    return chain + (await records(of: target, server: server, following: true, steps: steps))
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
