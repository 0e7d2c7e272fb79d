import Foundation
import LandfallCore
import LandfallFakes
import LandfallMCP
import LandfallModel
import LandfallPolicy
import LandfallTestSupport
import LandfallTransport
import Testing

/// Lowering a record's TTL before the data is verified: an update that rewrites a record with the
/// content the zone's listing shows for it is allowed; anything that could move the name still
/// waits for the verification (and for an address the cloud reported for the VM).
@Suite(.ownThreads) struct DNSTTLUpdateTests {
  static let fly = "66.241.124.90"

  struct Session {
    let connection: MCPConnection
    let runner: ToolRunner
    let zone: String

    /// The fake cloud with zone example.com whose `relay` A record points at Fly with a one-day TTL,
    /// set up outside the session, and a runner for phase 5 of an app whose data is not verified.
    static func start() async throws -> Session {
      let connection = FakeCloudServer.connection()
      var registry = ToolRegistry()
      try await MCPToolset.register(connection, server: "americancloud", keys: LocalPrivateKeyStore(directory: "/nonexistent"), into: &registry)
      let zone = try #require(try await connection.json("create_dns_zone", .object([("name", .string("example.com"))]))["id"]?.stringValue)
      _ = try await connection.json("create_dns_record", .object([
        ("zoneId", .string(zone)), ("name", .string("relay")), ("type", .string("A")), ("content", .string(fly)), ("ttl", .int(86_400)),
      ]))
      let runner = ToolRunner(
        registry: registry, configuration: .init(permissions: SessionPermissions(allowWrites: true, assumeYes: true)),
        approver: ScriptedApprover([]), vault: SecretVault(), log: InMemoryEventLog())
      return Session(connection: connection, runner: runner, zone: zone)
    }

    func run(_ name: String, _ arguments: [(String, JSONValue)]) async throws -> ToolRunResult {
      try await runner.run(
        ToolCall(id: UUID().uuidString, name: name, arguments: .object([("zoneId", .string(zone))] + arguments.map { (key: $0.0, value: $0.1) })),
        phase: .dnsAndTLS)
    }

    func update(content: String, ttl: Int = 300, name: String = "relay") async throws -> ToolRunResult {
      try await run("update_dns_record", [
        ("currentName", .string("relay")), ("currentType", .string("A")), ("name", .string(name)), ("type", .string("A")),
        ("content", .string(content)), ("ttl", .int(ttl)),
      ])
    }

    /// The relay record as the cloud holds it now.
    func relay() async throws -> JSONValue? {
      let listing = try await connection.json("list_dns_records", .object([("zoneId", .string(zone))]))
      return listing["data"]?.arrayValue?.first { $0["name"]?.stringValue == "relay" }
    }
  }

  @Test func theTTLIsLoweredOnlyWhenTheListingShowsTheSameContent() async throws {
    let session = try await Session.start()
    let unlisted = try await session.update(content: Self.fly)
    #expect(unlisted.decision == .denied && unlisted.reason.contains("list the zone's records first"), "\(unlisted.reason)")
    #expect(try await session.relay()?["ttl"] == .int(86_400))

    #expect(try await session.run("list_dns_records", []).ok)
    let lowered = try await session.update(content: Self.fly)
    #expect(lowered.ok, "\(lowered.result)")
    #expect(try await session.relay()?["ttl"] == .int(300))
    #expect(try await session.relay()?["content"] == .string(Self.fly))

    let again = try await session.update(content: Self.fly, ttl: 120)
    #expect(again.decision == .denied, "a write to the zone makes its listing out of date")
    #expect(try await session.run("list_dns_records", []).ok)
    let moved = try await session.update(content: "198.51.100.7")
    #expect(moved.decision == .denied && moved.reason.contains("198.51.100.7"))
    let renamed = try await session.update(content: Self.fly, name: "www")
    #expect(renamed.decision == .denied)
    #expect(try await session.relay()?["content"] == .string(Self.fly))
    await session.connection.stop()
  }

  @Test func aRecordChangedAfterTheListingIsNotRewritten() async throws {
    let session = try await Session.start()
    #expect(try await session.run("list_dns_records", []).ok)
    _ = try await session.connection.json("update_dns_record", .object([
      ("zoneId", .string(session.zone)), ("currentName", .string("relay")), ("currentType", .string("A")), ("name", .string("relay")),
      ("type", .string("A")), ("content", .string("66.241.124.91")), ("ttl", .int(86_400)),
    ]))
    let stale = try await session.update(content: Self.fly)
    #expect(!stale.ok && stale.result.contains("no longer holds exactly \(Self.fly)"), "\(stale.result)")
    #expect(try await session.relay()?["content"] == .string("66.241.124.91"))
    #expect(try await session.relay()?["ttl"] == .int(86_400))
    await session.connection.stop()
  }

  @Test func anAliasIsNeverWrittenByTheAgent() async throws {
    let session = try await Session.start()
    let alias = try await session.run("create_dns_record", [
      ("name", .string("www")), ("type", .string("CNAME")), ("content", .string("relay.example.com")),
    ])
    #expect(alias.decision == .denied && alias.reason.contains("CNAME or ALIAS"), "\(alias.reason)")
    await session.connection.stop()
  }

  @Test func onlyARewriteThatKeepsNameAndTypeIsACandidate() throws {
    let base: [(String, JSONValue)] = [
      ("zoneId", .string("z")), ("currentName", .string("Relay")), ("currentType", .string("a")), ("name", .string("relay ")),
      ("type", .string("A")), ("content", .string(Self.fly)),
    ]
    let rewrite = DNSRecordRewrite(tool: "update_dns_record", arguments: .object(base))
    #expect(rewrite == DNSRecordRewrite(tool: "update_dns_record", arguments: .object(base + [("ttl", .int(300))])))
    #expect(rewrite?.name == "relay" && rewrite?.type == "A" && rewrite?.content == Self.fly)
    #expect(DNSRecordRewrite(tool: "create_dns_record", arguments: .object(base)) == nil)
    #expect(DNSRecordRewrite(tool: "update_dns_record", arguments: .object(base.map { $0.0 == "type" ? ($0.0, .string("AAAA")) : $0 })) == nil)
    #expect(DNSRecordRewrite(tool: "update_dns_record", arguments: .object(base.map { $0.0 == "type" ? ($0.0, .string("TXT")) : $0 }
      .map { $0.0 == "currentType" ? ($0.0, .string("TXT")) : $0 })) == nil)
    #expect(DNSRecordRewrite(tool: "update_dns_record", arguments: .object(base.filter { $0.0 != "zoneId" })) == nil)

    let book = DNSRecordBook()
    let listing = #"{"total": 2, "data": [{"name": "relay", "type": "A", "ttl": 86400, "content": "66.241.124.90"}, {"name": "www", "type": "A", "ttl": 60, "content": "1.2.3.4"}]}"#
    let found = try #require(rewrite)
    #expect(!book.holds(found))
    book.learn(zone: "z", listing: listing)
    #expect(book.holds(found))
    book.learn(zone: "z", listing: #"{"total": 3, "data": [{"name": "relay", "type": "A", "ttl": 86400, "content": "66.241.124.90"}]}"#)
    #expect(!book.holds(found), "a partial listing is not kept")
    book.learn(zone: "z", listing: #"{"total": 2, "data": [{"name": "relay", "type": "A", "content": "66.241.124.90"}, {"name": "relay", "type": "A", "content": "66.241.124.91"}]}"#)
    #expect(!book.holds(found), "a record with two values would lose one")
    book.learn(zone: "z", listing: listing)
    book.forget(zone: "z")
    #expect(!book.holds(found))
  }
}
