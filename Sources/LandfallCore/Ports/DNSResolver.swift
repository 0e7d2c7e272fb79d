internal import LandfallModel

/// A DNS server to ask: an address (or host name) and a port.
public struct DNSServer: Sendable, Equatable, CustomStringConvertible {
  public var host: String
  public var port: Int

  /// Creates a server address.
  public init(host: String, port: Int = 53) {
    self.host = host
    self.port = port
  }

  /// Parses `HOST`, `HOST:PORT`, `[IPV6]:PORT` or a bare IPv6 address; `nil` when malformed.
  public static func parse(_ text: String) -> DNSServer? {
    let trimmed = String(text.trimmingCharacters(in: " "))
    if trimmed.hasPrefix("[") {
      guard let close = trimmed.firstIndex(of: "]") else { return nil }
      let host = String(trimmed[trimmed.index(after: trimmed.startIndex)..<close])
      let rest = trimmed[trimmed.index(after: close)...]
      if rest.isEmpty { return host.isEmpty ? nil : DNSServer(host: host) }
      guard rest.hasPrefix(":"), let port = Int(rest.dropFirst()), (1...65535).contains(port), !host.isEmpty else { return nil }
      return DNSServer(host: host, port: port)
    }
    let colons = trimmed.filter { $0 == ":" }.count
    if colons > 1 { return DNSServer(host: trimmed) }
    let parts = trimmed.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
    guard let host = parts.first, !host.isEmpty, !host.contains(where: { $0.isWhitespace }) else { return nil }
    guard parts.count == 2 else { return DNSServer(host: String(host)) }
    guard let port = Int(parts[1]), (1...65535).contains(port) else { return nil }
    return DNSServer(host: String(host), port: port)
  }

  /// `HOST:PORT`, with brackets around an IPv6 address.
  public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// The record types Landfall reads.
public enum DNSRecordType: Sendable, Equatable, Hashable, CustomStringConvertible {
  case a, ns, cname, soa, aaaa
  /// Any other type, kept by number.
  case other(UInt16)

  /// The type for a wire number.
  public init(code: UInt16) {
    switch code {
    case 1: self = .a
    case 2: self = .ns
    case 5: self = .cname
    case 6: self = .soa
    case 28: self = .aaaa
    default: self = .other(code)
    }
  }

  /// The wire number.
  public var code: UInt16 {
    switch self {
    case .a: return 1
    case .ns: return 2
    case .cname: return 5
    case .soa: return 6
    case .aaaa: return 28
    case .other(let code): return code
    }
  }

  public var description: String {
    switch self {
    case .a: return "A"
    case .ns: return "NS"
    case .cname: return "CNAME"
    case .soa: return "SOA"
    case .aaaa: return "AAAA"
    case .other(let code): return "TYPE\(code)"
    }
  }
}

/// The data of one resource record.
public enum DNSRecordData: Sendable, Equatable {
  /// An IPv4 or IPv6 address in its usual text form.
  case address(String)
  /// A domain name (NS, CNAME).
  case name(String)
  /// A zone's start of authority.
  case soa(primary: String, mailbox: String, serial: UInt32, refresh: UInt32, retry: UInt32, expire: UInt32, minimum: UInt32)
  /// A type Landfall does not read; only its length is kept.
  case opaque(length: Int)
}

/// One resource record of a reply.
public struct DNSRecord: Sendable, Equatable {
  public var name: String
  public var type: DNSRecordType
  public var ttl: UInt32
  public var data: DNSRecordData

  /// Creates a record.
  public init(name: String, type: DNSRecordType, ttl: UInt32, data: DNSRecordData) {
    self.name = name
    self.type = type
    self.ttl = ttl
    self.data = data
  }
}

/// A reply's header flags and sections.
public struct DNSReply: Sendable, Equatable {
  public var id: UInt16
  /// The AA flag: the answering server is authoritative for the zone.
  public var authoritative: Bool
  /// The TC flag: the reply was cut to fit a datagram.
  public var truncated: Bool
  /// RCODE: 0 no error, 2 server failure, 3 no such name, 5 refused.
  public var responseCode: Int
  public var answers: [DNSRecord]
  public var authority: [DNSRecord]
  public var additional: [DNSRecord]

  /// Creates a reply.
  public init(
    id: UInt16, authoritative: Bool, truncated: Bool, responseCode: Int, answers: [DNSRecord], authority: [DNSRecord] = [],
    additional: [DNSRecord] = []
  ) {
    self.id = id
    self.authoritative = authoritative
    self.truncated = truncated
    self.responseCode = responseCode
    self.answers = answers
    self.authority = authority
    self.additional = additional
  }

  /// The addresses of `type` that `name` leads to, following CNAME records inside the answer.
  public func addresses(of name: String, type: DNSRecordType) -> [DNSRecord] {
    follow(name, type: type).records
  }

  /// Follows `name` through the answer section: the CNAME targets met on the way, in order, and
  /// the records of `type` where the chain ends inside this answer (none when it leaves the answer,
  /// ends without them, or loops).
  public func follow(_ name: String, type: DNSRecordType) -> (aliases: [String], records: [DNSRecord]) {
    var owner = DNSReply.normal(name)
    var seen: Set<String> = []
    var aliases: [String] = []
    while seen.insert(owner).inserted {
      let matching = answers.filter { DNSReply.normal($0.name) == owner }
      let found = matching.filter { $0.type == type }
      if !found.isEmpty { return (aliases, found) }
      guard case .name(let target)? = matching.first(where: { $0.type == .cname })?.data else { break }
      owner = DNSReply.normal(target)
      aliases.append(owner)
    }
    return (aliases, [])
  }

  /// A name in lower case without its trailing dot.
  public static func normal(_ name: String) -> String {
    String(name.lowercased().trimmingCharacters(in: "."))
  }
}

/// Why a DNS query gave no usable reply.
public enum DNSError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The server did not answer (refused, unreachable, or silent through every retry).
  case unreachable(server: String, reason: String)
  /// The reply broke the wire format.
  case malformed(String)
  /// The name cannot be asked for (empty label, too long, not ASCII).
  case invalidName(String)

  public var description: String {
    switch self {
    case .unreachable(let server, let reason): return "the DNS server \(server) did not answer: \(reason); check the address and that it serves DNS"
    case .malformed(let reason): return "the DNS reply is malformed: \(reason)"
    case .invalidName(let reason): return "cannot ask DNS for that name: \(reason)"
    }
  }
}

/// Asks one DNS server one question.
///
/// Live: `SocketDNSResolver` (LandfallTransport, UDP with TCP after truncation). Fakes answer
/// from the fake cloud's zones.
public protocol DNSResolver: Sendable {
  /// Asks `server` for the records of `type` at `name`, with recursion desired.
  func query(_ name: String, type: DNSRecordType, server: DNSServer) async throws(DNSError) -> DNSReply
}
