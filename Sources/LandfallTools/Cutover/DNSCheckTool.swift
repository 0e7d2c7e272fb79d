public import LandfallCore
public import LandfallModel

/// `dns_check`: the domain as the zone's authoritative servers answer it (the truth after a
/// change) and as a recursive resolver answers it (what users see until the old TTL runs out).
/// Reports `dnsResolvesToVM(true)` only when the authoritative answer is the VM's address.
public struct DNSCheckTool: Tool {
  let settings: CutoverSettings

  /// Both answers for one name.
  struct Observation {
    var authoritative: DNSCheckResult
    var recursive: DNSCheckResult
    var zoneServers: String

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
    return ToolOutput(observed.text, facts: [.dnsResolvesToVM(observed.authoritative.match)], isError: false)
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
        zone = try await authoritativeServer(for: name, settings: settings, recursive: recursive)
      }
      let authoritative = try await DNSCheck.run(name: name, expect: expect, expectText: expectText, server: zone.server, resolver: settings.resolver)
      let cached = try await DNSCheck.run(name: name, expect: expect, expectText: expectText, server: recursive, resolver: settings.resolver)
      return Observation(authoritative: authoritative, recursive: cached, zoneServers: zone.label)
    } catch {
      switch error {
      case .invalidName: throw .invalidArguments(error.description)
      case .unreachable, .malformed: throw .failed(error.description)
      }
    }
  }

  private static func server(_ text: String?, fallback: DNSServer) throws(ToolFailure) -> DNSServer {
    guard let text else { return fallback }
    guard let parsed = DNSServer.parse(text) else { throw .invalidArguments("\(text) is not HOST:PORT") }
    return parsed
  }

  /// The first name server of the closest zone above `name` that has NS records, by address.
  private static func authoritativeServer(for name: String, settings: CutoverSettings, recursive: DNSServer) async throws(DNSError)
    -> (server: DNSServer, label: String)
  {
    let labels = name.split(separator: ".")
    for start in 0..<max(labels.count - 1, 0) {
      let zone = labels[start...].joined(separator: ".")
      let reply = try await settings.resolver.query(zone, type: .ns, server: recursive)
      let servers = reply.answers.compactMap { record -> String? in
        if record.type == .ns, case .name(let host) = record.data { return host }
        return nil
      }.sorted()
      for host in servers {
        let addresses = try await settings.resolver.query(host, type: .a, server: recursive).addresses(of: host, type: .a)
        if case .address(let address)? = addresses.first?.data {
          return (DNSServer(host: address), "\(host) for zone \(zone)")
        }
      }
    }
    throw .unreachable(server: recursive.description, reason: "no name server was found for \(name) or any zone above it")
  }
}
