import Foundation
import LandfallCore
import LandfallFakes
import LandfallRigs
import LandfallFly
import LandfallModel
import LandfallTestSupport
import LandfallTools
import Testing

@Suite(.ownThreads) struct DNSSurveyToolTests {
  static let domain = "relay.example.com"
  static let fly = "66.241.124.90"

  /// Whether the cloud hosts the zone yet, and what its A record says.
  final class Cloud: @unchecked Sendable {
    private let lock = NSLock()
    private var zoneHosted = false
    private var addresses: [String] = []
    func host(pointingAt new: [String]) { lock.withLock { (zoneHosted, addresses) = (true, new) } }
    func hosts(_ zone: String) -> Bool { lock.withLock { zoneHosted && zone == "example.com" } }
    func lookup(_ name: String) -> [DNSRecord] {
      lock.withLock { name == DNSSurveyToolTests.domain ? addresses.map { DNSRecord(name: name, type: .a, ttl: 300, data: .address($0)) } : [] }
    }
  }

  static func tools(ttl: UInt32, cloud: Cloud, now: Double = 1_800_000_000) -> [String: any Tool] {
    let previous = FakeDNSResolver.PreviousRecords(name: domain, addresses: [fly], ttl: ttl)
    let settings = CutoverSettings(
      connection: HostConnection(connector: FakeHostConnector(host: FakeHost()), target: nil),
      resolver: FakeDNSResolver(previous: previous, hosted: { cloud.hosts($0) }) { cloud.lookup($0) }, recursiveServer: DNSServer(host: "192.0.2.53"),
      transport: FakeHTTPSTransport(now: now),
      fly: FlyToolSettings(
        app: SampleWorld.appName, appDirectory: "/nonexistent",
        flyctl: FlyctlClient(runner: FakeFlyctlCommandRunner(state: SampleWorld.flyState), location: FlyctlLocation(executable: "flyctl")),
        files: InMemoryFileSource([:])),
      backupDirectory: "/tmp/unused", files: RecordingFileWriter(), now: { now })
    return Dictionary(uniqueKeysWithValues: CutoverTools.all(settings).map { ($0.tool.spec.name, $0.tool) })
  }

  static func run(_ tools: [String: any Tool], _ name: String, _ arguments: [(String, JSONValue)]) async throws -> ToolOutput {
    guard let tool = tools[name] else { throw ToolFailure.failed("no tool \(name)") }
    return try await tool.run(.object(arguments.map { (key: $0.0, value: $0.1) }), context: ToolContext(vault: SecretVault()))
  }

  @Test func aLongTTLAtThePreviousProviderSaysWhenCachedAnswersExpire() async throws {
    let tools = Self.tools(ttl: 86_400, cloud: Cloud())
    let survey = try await Self.run(
      tools, "dns_survey", [("name", .string(Self.domain)), ("nameservers", .strings([FakeDNSResolver.nameServer]))])
    #expect(survey.text.contains("delegated to: \(FakeDNSResolver.previousNameServer)"), "\(survey.text)")
    #expect(survey.text.contains("does not delegate to the hosted zone yet"))
    #expect(survey.text.contains("relay.example.com A \(Self.fly) TTL 86400s"))
    #expect(survey.text.contains("The old TTL is 86400s (24h 0m)"))
    #expect(survey.text.contains("expire by 2027-01-16 08:00 UTC"), "\(survey.text)")
    #expect(survey.facts.isEmpty)
  }

  @Test func theExpiryTimeCountsLeapDays() async throws {
    let survey = try await Self.run(Self.tools(ttl: 86_400, cloud: Cloud(), now: 951_696_000), "dns_survey", [("name", .string(Self.domain))])
    #expect(survey.text.contains("expire by 2000-02-29 00:00 UTC"), "\(survey.text)")
  }

  @Test func aShortTTLNeedsNoWaitAndAHostedZoneIsRecognised() async throws {
    let cloud = Cloud()
    let short = try await Self.run(Self.tools(ttl: 60, cloud: cloud), "dns_survey", [("name", .string(Self.domain))])
    #expect(short.text.contains("already short (60s)"), "\(short.text)")
    cloud.host(pointingAt: ["203.0.113.10"])
    let hosted = try await Self.run(
      Self.tools(ttl: 60, cloud: cloud), "dns_survey", [("name", .string(Self.domain)), ("nameservers", .strings(["NS1.landfall-fake.test."]))])
    #expect(hosted.text.contains("already delegates"), "\(hosted.text)")
    #expect(hosted.text.contains("A 203.0.113.10 TTL 300s"))
    await #expect(throws: ToolFailure.self) { try await Self.run(Self.tools(ttl: 60, cloud: cloud), "dns_survey", [("name", .string("not a name"))]) }
  }

  @Test func aCheckAgainstTheFlyAddressBeforeTheZoneMovesIsNotTheVM() async throws {
    let cloud = Cloud()
    let tools = Self.tools(ttl: 3_600, cloud: cloud)
    let before = try await Self.run(tools, "dns_check", [("name", .string(Self.domain)), ("expect", .string("203.0.113.10"))])
    #expect(before.facts == [.dnsChecked("relay.example.com"), .dnsResolvesToVM(false)])
    #expect(before.text.contains(FakeDNSResolver.previousNameServer), "\(before.text)")
    let fly = try await Self.run(tools, "dns_check", [("name", .string(Self.domain)), ("expect", .string(Self.fly))])
    #expect(fly.facts == [.dnsChecked("relay.example.com"), .dnsPointsAt(Self.fly)])
    cloud.host(pointingAt: ["203.0.113.10"])
    let after = try await Self.run(tools, "dns_check", [("name", .string(Self.domain)), ("expect", .string("203.0.113.10"))])
    #expect(after.facts == [.dnsChecked("relay.example.com"), .dnsPointsAt("203.0.113.10")])
  }
}
