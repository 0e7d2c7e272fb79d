public import LandfallCore
public import LandfallModel

/// What one server said about one name, compared with the address it should have.
public struct DNSCheckResult: Sendable, Equatable {
  public var name: String
  public var expect: String
  public var answers: [String]
  /// The CNAME targets followed from `name` to the addresses, in order.
  public var aliases: [String] = []
  public var resolver: String
  public var authoritative: Bool
  /// The lowest TTL among the addresses (0 when there are none).
  public var ttl: Int
  /// True when the name has addresses and every one of them is the expected address.
  public var match: Bool
  /// NXDOMAIN, SERVFAIL and the like, for the person; `nil` for a plain answer.
  public var problem: String?

  /// The `landfall dns check --json` object (DESIGN.md).
  public var json: JSONValue {
    .object([
      ("name", .string(name)), ("expect", .string(expect)), ("answers", .strings(answers)), ("resolver", .string(resolver)),
      ("authoritative", .bool(authoritative)), ("ttl", .int(ttl)), ("match", .bool(match)),
    ])
  }

  /// One line for a person or the model.
  public var summary: String {
    let found = answers.isEmpty ? (problem ?? "no address") : answers.joined(separator: ", ")
    let kind = authoritative ? "authoritative" : "non-authoritative"
    let chain = aliases.map { "CNAME \($0) -> " }.joined()
    return "\(name) -> \(chain)\(found) (\(kind) answer from \(resolver), TTL \(ttl)s): \(match ? "matches" : "does not match") \(expect)"
  }
}

/// The DNS check behind `landfall dns check` and the `dns_check` tool.
public enum DNSCheck {
  /// The most CNAME steps followed from the name before the check gives up.
  public static let maximumAliases = 8

  /// Where the name a CNAME leads to is asked next when the reply stops at the CNAME.
  public enum Following: Sendable, Equatable {
    /// The same server again (a recursive resolver, or an authoritative server the caller chose).
    case sameServer
    /// The authoritative servers of the target's own zone, found through this recursive resolver.
    case delegation(recursive: DNSServer)
  }

  /// Asks `server` for `name`'s A (or AAAA, for an IPv6 `expect`) records, follows CNAMEs (inside
  /// a reply, then by asking again as `following` says, at most `maximumAliases` steps and never
  /// round a loop), and compares the addresses at the end of the chain with `expect`.
  public static func run(
    name: String, expect: IPAddress, expectText: String, server: DNSServer, resolver: any DNSResolver, following: Following = .sameServer
  ) async throws(DNSError) -> DNSCheckResult {
    let type: DNSRecordType = expect.isIPv6 ? .aaaa : .a
    var owner = name
    var asked = server
    var aliases: [String] = []
    var authoritative = true
    while true {
      let reply = try await resolver.query(owner, type: type, server: asked)
      authoritative = authoritative && reply.authoritative
      let followed = reply.follow(owner, type: type)
      let visited = [DNSReply.normal(name)] + aliases + followed.aliases.dropLast()
      aliases += followed.aliases
      var result = DNSCheckResult(
        name: name, expect: expectText, answers: [], aliases: aliases, resolver: server.description, authoritative: authoritative, ttl: 0,
        match: false, problem: problem(reply.responseCode))
      guard followed.records.isEmpty, reply.responseCode == 0, let next = followed.aliases.last else {
        result.answers = followed.records.compactMap { record -> String? in
          if case .address(let text) = record.data { return text }
          return nil
        }
        result.ttl = Int(followed.records.map(\.ttl).min() ?? 0)
        result.match = !result.answers.isEmpty && result.answers.allSatisfy { IPAddress($0) == expect }
        return result
      }
      if visited.contains(next) {
        result.problem = "the CNAME chain loops back to \(next)"
        return result
      }
      if aliases.count > maximumAliases {
        result.problem = "the CNAME chain is longer than \(maximumAliases) steps"
        return result
      }
      owner = next
      if case .delegation(let recursive) = following {
        asked = try await ZoneDelegation.find(next, resolver: resolver, recursive: recursive).server
      }
    }
  }

  private static func problem(_ responseCode: Int) -> String? {
    switch responseCode {
    case 0: nil
    case 2: "the server failed (SERVFAIL)"
    case 3: "no such name (NXDOMAIN)"
    case 5: "the server refused the query"
    default: "response code \(responseCode)"
    }
  }
}
