import Foundation
import LandfallCore
import LandfallFakes
import LandfallRigs
import LandfallFly
import LandfallModel
import LandfallPolicy
import LandfallTestSupport
import LandfallTools
import Testing

/// The fake cloud's zones answer with each record's own TTL and CNAME chains, and `dns_check`
/// compares only the address at the end of a chain, so a CNAME cannot stand in for the VM.
@Suite(.ownThreads) struct DNSChainTests {
  static let vm = "203.0.113.10"
  static let elsewhere = "198.51.100.99"

  /// The fake cloud with the DNS group, and the cutover tools answering from its zones.
  struct Bench {
    let cloud = FakeCloud(allowWrites: true, services: ["dns"])
    let tools: [String: any Tool]

    init() {
      let cloud = cloud
      let settings = CutoverSettings(
        connection: HostConnection(connector: FakeHostConnector(host: FakeHost()), target: nil),
        resolver: FakeDNSResolver { await cloud.resolve($0) }, recursiveServer: DNSServer(host: "192.0.2.53"),
        transport: FakeHTTPSTransport(now: 1_800_000_000),
        fly: FlyToolSettings(
          app: SampleWorld.appName, appDirectory: "/nonexistent",
          flyctl: FlyctlClient(runner: FakeFlyctlCommandRunner(state: SampleWorld.flyState), location: FlyctlLocation(executable: "flyctl")),
          files: InMemoryFileSource([:])),
        backupDirectory: "/tmp/unused", files: RecordingFileWriter(), now: { 1_800_000_000 })
      tools = Dictionary(uniqueKeysWithValues: CutoverTools.all(settings).map { ($0.tool.spec.name, $0.tool) })
    }

    /// Creates `zone` and returns its id.
    func zone(_ zone: String) async throws -> String {
      let result = await cloud.call("create_dns_zone", arguments: .object([("name", .string(zone))]))
      return try #require(try JSONParser.parse(result.text)["id"]?.stringValue)
    }

    func cloudCall(_ name: String, _ arguments: [(String, JSONValue)]) async throws {
      let result = await cloud.call(name, arguments: .object(arguments.map { (key: $0.0, value: $0.1) }))
      #expect(!result.isError, "\(result.text)")
    }

    func run(_ name: String, _ arguments: [(String, JSONValue)]) async throws -> ToolOutput {
      let tool = try #require(tools[name])
      return try await tool.run(.object(arguments.map { (key: $0.0, value: $0.1) }), context: ToolContext(vault: SecretVault()))
    }
  }

  @Test func eachRecordIsAnsweredWithItsOwnTTL() async throws {
    let bench = Bench()
    let zone = try await bench.zone("example.com")
    try await bench.cloudCall("create_dns_record", [
      ("zoneId", .string(zone)), ("name", .string("relay")), ("type", .string("A")), ("content", .string("66.241.124.90")), ("ttl", .int(86_400)),
    ])
    try await bench.cloudCall("create_dns_record", [("zoneId", .string(zone)), ("name", .string("www")), ("type", .string("A")), ("content", .string(Self.vm))])
    let long = try await bench.run("dns_survey", [("name", .string("relay.example.com"))])
    #expect(long.text.contains("relay.example.com A 66.241.124.90 TTL 86400s"), "\(long.text)")
    #expect(long.text.contains("The old TTL is 86400s (24h 0m)"))
    let zoneDefault = try await bench.run("dns_survey", [("name", .string("www.example.com"))])
    #expect(zoneDefault.text.contains("TTL 3600s"), "\(zoneDefault.text)")
    try await bench.cloudCall("update_dns_record", [
      ("zoneId", .string(zone)), ("currentName", .string("relay")), ("currentType", .string("A")), ("name", .string("relay")),
      ("type", .string("A")), ("content", .string("66.241.124.90")), ("ttl", .int(300)),
    ])
    let lowered = try await bench.run("dns_survey", [("name", .string("relay.example.com"))])
    #expect(lowered.text.contains("relay.example.com A 66.241.124.90 TTL 300s"), "\(lowered.text)")
    #expect(lowered.text.contains("The TTL is already short (300s)"))
    let check = try await bench.run("dns_check", [("name", .string("relay.example.com")), ("expect", .string("66.241.124.90"))])
    #expect(check.text.contains("TTL 300s"), "\(check.text)")
  }

  @Test func aCNAMEToANameThatResolvesElsewhereCannotSatisfyTheDNSRule() async throws {
    let bench = Bench()
    let app = try await bench.zone("example.com")
    let edge = try await bench.zone("example.net")
    try await bench.cloudCall("create_dns_record", [
      ("zoneId", .string(app)), ("name", .string("relay")), ("type", .string("CNAME")), ("content", .string("edge.example.net")), ("ttl", .int(300)),
    ])
    try await bench.cloudCall("create_dns_record", [
      ("zoneId", .string(edge)), ("name", .string("edge")), ("type", .string("A")), ("content", .string(Self.elsewhere)), ("ttl", .int(300)),
    ])
    var invariants = MigrationInvariants()
    invariants.observe(.vmAddress(Self.vm))
    let atVM = try await bench.run("dns_check", [("name", .string("relay.example.com")), ("expect", .string(Self.vm))])
    #expect(atVM.facts == [.dnsChecked("relay.example.com"), .dnsResolvesToVM(false)])
    #expect(atVM.text.contains("relay.example.com -> CNAME edge.example.net -> \(Self.elsewhere)"), "\(atVM.text)")
    let atTarget = try await bench.run("dns_check", [("name", .string("relay.example.com")), ("expect", .string(Self.elsewhere))])
    #expect(atTarget.facts == [.dnsChecked("relay.example.com"), .dnsPointsAt(Self.elsewhere)])
    for fact in atVM.facts + atTarget.facts { invariants.observe(fact) }
    #expect(invariants.verdict(for: .requestTLS(domain: nil)).decision == .deny)

    try await bench.cloudCall("update_dns_record", [
      ("zoneId", .string(edge)), ("currentName", .string("edge")), ("currentType", .string("A")), ("name", .string("edge")),
      ("type", .string("A")), ("content", .string(Self.vm)), ("ttl", .int(300)),
    ])
    let moved = try await bench.run("dns_check", [("name", .string("relay.example.com")), ("expect", .string(Self.vm))])
    #expect(moved.facts == [.dnsChecked("relay.example.com"), .dnsPointsAt(Self.vm)], "\(moved.text)")
    for fact in moved.facts { invariants.observe(fact) }
    #expect(invariants.verdict(for: .requestTLS(domain: nil)).decision == .allow)
  }

  /// Replies scripted per server and name; every question asked is kept.
  final class ScriptedDNS: DNSResolver, @unchecked Sendable {
    private let lock = NSLock()
    private let replies: [String: [DNSRecord]]
    private(set) var asked: [String] = []

    /// `replies` keyed by `server host` + space + name.
    init(_ replies: [String: [DNSRecord]]) { self.replies = replies }

    func query(_ name: String, type: DNSRecordType, server: DNSServer) async throws(DNSError) -> DNSReply {
      let key = "\(server.host) \(name)"
      lock.withLock { asked.append(key) }
      guard let records = replies[key] else { return DNSReply(id: 1, authoritative: true, truncated: false, responseCode: 3, answers: []) }
      return DNSReply(id: 1, authoritative: true, truncated: false, responseCode: 0, answers: records.filter { $0.type == type || $0.type == .cname })
    }
  }

  static func alias(_ name: String, _ target: String) -> DNSRecord { DNSRecord(name: name, type: .cname, ttl: 300, data: .name(target)) }
  static func address(_ name: String, _ address: String) -> DNSRecord { DNSRecord(name: name, type: .a, ttl: 60, data: .address(address)) }
  static func delegation(_ zone: String, to server: String, at address: String) -> [String: [DNSRecord]] {
    ["192.0.2.53 \(zone)": [DNSRecord(name: zone, type: .ns, ttl: 86_400, data: .name(server))], "192.0.2.53 \(server)": [Self.address(server, address)]]
  }

  static func check(_ resolver: ScriptedDNS, expect: String = vm) async throws -> DNSCheckResult {
    let expected = try #require(IPAddress(expect))
    return try await DNSCheck.run(
      name: "relay.example.com", expect: expected, expectText: expect, server: DNSServer(host: "192.0.2.1"), resolver: resolver,
      following: .delegation(recursive: DNSServer(host: "192.0.2.53")))
  }

  @Test func aChainThatLeavesTheZoneIsAskedOfTheTargetsOwnServers() async throws {
    var replies = Self.delegation("fly.example", to: "ns.fly.example", at: "192.0.2.2")
    replies["192.0.2.1 relay.example.com"] = [Self.alias("relay.example.com", "app.fly.example")]
    replies["192.0.2.2 app.fly.example"] = [Self.address("app.fly.example", "66.241.124.17")]
    let resolver = ScriptedDNS(replies)
    let result = try await Self.check(resolver)
    #expect(result.answers == ["66.241.124.17"] && result.aliases == ["app.fly.example"] && !result.match)
    #expect(result.ttl == 60)
    #expect(resolver.asked.contains("192.0.2.2 app.fly.example"))
    #expect(try await Self.check(resolver, expect: "66.241.124.17").match)
  }

  @Test func aLoopOrALongChainEndsWithoutAnAddress() async throws {
    var replies = Self.delegation("fly.example", to: "ns.fly.example", at: "192.0.2.2")
    replies["192.0.2.1 relay.example.com"] = [Self.alias("relay.example.com", "app.fly.example")]
    replies["192.0.2.2 app.fly.example"] = [Self.alias("app.fly.example", "relay.example.com")]
    replies.merge(Self.delegation("example.com", to: "ns.example.com", at: "192.0.2.1")) { first, _ in first }
    let looped = try await Self.check(ScriptedDNS(replies))
    #expect(!looped.match && looped.answers.isEmpty && (looped.problem ?? "").contains("loops back to relay.example.com"), "\(looped)")

    var long = Self.delegation("example.com", to: "ns.example.com", at: "192.0.2.1")
    for step in 0..<12 {
      let owner = step == 0 ? "relay.example.com" : "hop\(step).example.com"
      long["192.0.2.1 \(owner)"] = [Self.alias(owner, "hop\(step + 1).example.com")]
    }
    long["192.0.2.1 hop12.example.com"] = [Self.address("hop12.example.com", Self.vm)]
    let resolver = ScriptedDNS(long)
    let tooLong = try await Self.check(resolver)
    #expect(!tooLong.match && (tooLong.problem ?? "").contains("longer than \(DNSCheck.maximumAliases)"), "\(tooLong)")
    #expect(resolver.asked.filter { $0.hasPrefix("192.0.2.1 ") }.count <= DNSCheck.maximumAliases + 1)

    let inOneReply = ScriptedDNS(["192.0.2.1 relay.example.com": [Self.alias("relay.example.com", "a.example.com"), Self.alias("a.example.com", "relay.example.com")]])
    #expect((try await Self.check(inOneReply).problem ?? "").contains("loops back"))
  }
}
