public import LandfallCore
public import LandfallModel

/// `dns_check`: the domain as the zone's authoritative servers answer it (the truth after a
/// change) and as a recursive resolver answers it (what users see until the old TTL runs out).
/// A CNAME is followed to the zone that serves its target, so only the address at the end of the
/// chain is compared. When the authoritative answer is the expected address it reports
/// `dnsPointsAt(address)`, which the ordering rules count as DNS at the VM only for an address the
/// cloud reported for the VM.
public struct DNSCheckTool: Tool {
  let settings: CutoverSettings

  /// Both answers for one name.
  struct Observation {
    var name: String
    var authoritative: DNSCheckResult
    var recursive: DNSCheckResult
    var zoneServers: String

    /// The name checked, then `dnsPointsAt` the expected address when the zone answers it,
    /// otherwise not at the VM.
    var facts: [MigrationFact] {
      [.dnsChecked(name), authoritative.match ? .dnsPointsAt(authoritative.expect) : .dnsResolvesToVM(false)]
    }

    var text: String {
      var lines = ["authoritative (\(zoneServers)): \(authoritative.summary)", "recursive: \(recursive.summary)"]
      if authoritative.match && !recursive.match {
        lines.append("The zone already points at the VM; resolvers that cached the old answer keep it for up to its TTL (\(recursive.ttl)s).")
      }
      return lines.joined(separator: "\n")
    }
  }

  public var spec: ToolSpec {
    ToolSpec(
      name: "dns_check",
      description: "Ask the domain's authoritative DNS servers and a recursive resolver for its address and compare both with the VM's public address. Read-only.",
      inputSchema: Schema.object([
        ("name", Schema.string("the domain, e.g. app.example.com")), ("expect", Schema.string("the VM's public IPv4 (or IPv6) address")),
        ("authoritative", Schema.string("an authoritative server as HOST:PORT; found through the zone's NS records when omitted")),
        ("resolver", Schema.string("a recursive resolver as HOST:PORT; the system's when omitted")),
      ], required: ["name", "expect"]),
      effect: .read)
  }

  public func run(_ arguments: JSONValue, context: ToolContext) async throws(ToolFailure) -> ToolOutput {
    let observed = try await Self.observe(arguments, settings: settings)
    return ToolOutput(observed.text, facts: observed.facts, isError: false)
  }

  /// Asks both kinds of server about `arguments["name"]`.
  static func observe(_ arguments: JSONValue, settings: CutoverSettings) async throws(ToolFailure) -> Observation {
    let name = arguments["name"]?.stringValue ?? ""
    let expectText = arguments["expect"]?.stringValue ?? ""
    guard let expect = IPAddress(expectText) else { throw .invalidArguments("expect must be an IPv4 or IPv6 address, not \(expectText)") }
    let recursive = try server(arguments["resolver"]?.stringValue, fallback: settings.recursiveServer)
    let given = arguments["authoritative"]?.stringValue
    let givenServer = try given.map { text throws(ToolFailure) in try server(text, fallback: settings.recursiveServer) }
    do {
      let zone: (server: DNSServer, label: String)
      if let given, let givenServer {
        zone = (givenServer, given)
      } else {
        let delegation = try await ZoneDelegation.find(name, resolver: settings.resolver, recursive: recursive)
        zone = (delegation.server, "\(delegation.serverName) for zone \(delegation.zone)")
      }
      let authoritative = try await DNSCheck.run(
        name: name, expect: expect, expectText: expectText, server: zone.server, resolver: settings.resolver,
        following: given == nil ? .delegation(recursive: recursive) : .sameServer)
      let cached = try await DNSCheck.run(name: name, expect: expect, expectText: expectText, server: recursive, resolver: settings.resolver)
      return Observation(name: name, authoritative: authoritative, recursive: cached, zoneServers: zone.label)
    } catch {
      throw failure(error)
    }
  }

  /// A DNS error as the tool failure the model sees.
  static func failure(_ error: DNSError) -> ToolFailure {
    switch error {
    case .invalidName: return .invalidArguments(error.description)
    case .unreachable, .malformed: return .failed(error.description)
    }
  }

  static func server(_ text: String?, fallback: DNSServer) throws(ToolFailure) -> DNSServer {
    guard let text else { return fallback }
    guard let parsed = DNSServer.parse(text) else { throw .invalidArguments("\(text) is not HOST:PORT") }
    return parsed
  }
}
