public import LandfallCore
public import LandfallModel

/// `dns_survey`: before anything changes, where the domain is delegated today (and whether that is
/// already the hosted zone's name servers), its current address records and their TTLs as the
/// serving zone answers them, and when an answer cached now is gone from every resolver.
public struct DNSSurveyTool: Tool {
  let settings: CutoverSettings

  /// TTLs at or below this many seconds need no wait before the switch.
  public static let shortTTL = 300

  public var spec: ToolSpec {
    ToolSpec(
      name: "dns_survey",
      description: "Read-only first step of phase 5: which name servers the domain is delegated to now (and whether they are the hosted zone's, as the cloud lists them), its current A/AAAA/CNAME records with their TTLs where it is served now, and the time by which an answer cached now has expired everywhere. Lower a long TTL first and point the domain at the VM only after that time.",
      inputSchema: Schema.object([
        ("name", Schema.string("the domain, e.g. app.example.com")),
        ("nameservers", Schema.strings("the hosted zone's name servers, to check whether the registrar already delegates to them")),
        ("resolver", Schema.string("a recursive resolver as HOST:PORT; the system's when omitted")),
        ("authoritative", Schema.string("the server that serves the domain now, as HOST:PORT; found through NS records when omitted")),
      ], required: ["name"]),
      effect: .read)
  }

  public func run(_ arguments: JSONValue, context: ToolContext) async throws(ToolFailure) -> ToolOutput {
    let name = (arguments["name"]?.stringValue ?? "").lowercased()
    guard DomainName.isValid(name) else { throw .invalidArguments("name must be a DNS name such as app.example.com") }
    let expected = (arguments["nameservers"]?.arrayValue ?? []).compactMap(\.stringValue)
    let recursive = try DNSCheckTool.server(arguments["resolver"]?.stringValue, fallback: settings.recursiveServer)
    let given = arguments["authoritative"]?.stringValue
    let givenServer = try given.map { text throws(ToolFailure) in try DNSCheckTool.server(text, fallback: recursive) }
    let delegation: Result<ZoneDelegation, DNSError>
    do {
      delegation = .success(try await ZoneDelegation.find(name, resolver: settings.resolver, recursive: recursive))
    } catch {
      guard givenServer != nil else { throw DNSCheckTool.failure(error) }
      delegation = .failure(error)
    }
    let lines: [String]
    let served: (server: DNSServer, name: String)
    switch delegation {
    case .success(let found):
      lines = delegationLines(found, expected: expected)
      served = givenServer.map { ($0, given ?? "") } ?? (found.server, found.serverName)
    case .failure(let error):
      lines = ["The delegation of \(name) could not be read through \(recursive): \(error.description)"]
      served = (givenServer ?? recursive, given ?? "")
    }
    do {
      var records: [DNSRecord] = []
      for type in [DNSRecordType.a, .aaaa] {
        let reply = try await settings.resolver.query(name, type: type, server: served.server)
        records += reply.answers.filter { $0.type == type || $0.type == .cname }.filter { !records.contains($0) }
      }
      return ToolOutput((lines + recordLines(name: name, serverName: served.name, records: records)).joined(separator: "\n"))
    } catch {
      throw DNSCheckTool.failure(error)
    }
  }

  private func delegationLines(_ delegation: ZoneDelegation, expected: [String]) -> [String] {
    var lines = ["Zone \(delegation.zone) is delegated to: \(delegation.nameServers.joined(separator: ", "))."]
    if !expected.isEmpty {
      lines.append(
        delegation.delegates(to: expected)
          ? "The registrar already delegates to the hosted zone's name servers; records changed there are what the world sees."
          : "The registrar does not delegate to the hosted zone yet: the person sets these name servers at the registrar: \(expected.joined(separator: ", ")). Until then, changes in the hosted zone are not seen.")
    }
    return lines
  }

  private func recordLines(name: String, serverName: String, records: [DNSRecord]) -> [String] {
    guard !records.isEmpty else {
      return ["\(name) has no A, AAAA or CNAME record at \(serverName): nothing is cached, so no wait is needed before pointing it at the VM."]
    }
    var lines = ["Served now by \(serverName):"]
    lines += records.map { record in "  \(record.name) \(record.type) \(Self.text(record.data)) TTL \(record.ttl)s" }
    let longest = Int(records.map(\.ttl).max() ?? 0)
    let expires = UTCTime.text(settings.now() + Double(longest))
    if longest <= Self.shortTTL {
      lines.append("The TTL is already short (\(longest)s): after the records change, resolvers follow within \(UTCTime.duration(longest)).")
    } else {
      lines.append(
        "The old TTL is \(longest)s (\(UTCTime.duration(longest))). Lower it to \(Self.shortTTL)s now where the domain is served; answers cached before that expire by \(expires). Point the domain at the VM after \(expires), or tell the person that users may reach Fly for up to \(UTCTime.duration(longest)) after the switch.")
    }
    return lines
  }

  private static func text(_ data: DNSRecordData) -> String {
    switch data {
    case .address(let address): return address
    case .name(let host): return host
    case .soa(let primary, _, _, _, _, _, _): return primary
    case .opaque(let length): return "(\(length) bytes)"
    }
  }
}
