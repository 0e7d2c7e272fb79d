public import LandfallCore
public import LandfallModel

/// What one server said about one name, compared with the address it should have.
public struct DNSCheckResult: Sendable, Equatable {
  public var name: String
  public var expect: String
  public var answers: [String]
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
    return "\(name) -> \(found) (\(kind) answer from \(resolver), TTL \(ttl)s): \(match ? "matches" : "does not match") \(expect)"
  }
}

/// The DNS check behind `landfall dns check` and the `dns_check` tool.
public enum DNSCheck {
  /// Asks `server` for `name`'s A (or AAAA, for an IPv6 `expect`) records, following CNAMEs in
  /// the answer, and compares them with `expect`.
  public static func run(name: String, expect: IPAddress, expectText: String, server: DNSServer, resolver: any DNSResolver) async throws(DNSError)
    -> DNSCheckResult
  {
    let type: DNSRecordType = expect.isIPv6 ? .aaaa : .a
    let reply = try await resolver.query(name, type: type, server: server)
    let records = reply.addresses(of: name, type: type)
    let answers = records.compactMap { record -> String? in
      if case .address(let text) = record.data { return text }
      return nil
    }
    let problem: String? =
      switch reply.responseCode {
      case 0: nil
      case 2: "the server failed (SERVFAIL)"
      case 3: "no such name (NXDOMAIN)"
      case 5: "the server refused the query"
      default: "response code \(reply.responseCode)"
      }
    return DNSCheckResult(
      name: name, expect: expectText, answers: answers, resolver: server.description, authoritative: reply.authoritative,
      ttl: Int(records.map(\.ttl).min() ?? 0), match: !answers.isEmpty && answers.allSatisfy { IPAddress($0) == expect }, problem: problem)
  }
}
