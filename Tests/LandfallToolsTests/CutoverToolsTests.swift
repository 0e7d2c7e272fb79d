import Foundation
import LandfallCore
import LandfallFakes
import LandfallRigs
import LandfallFly
import LandfallModel
import LandfallTestSupport
import LandfallTools
import Testing

@Suite(.ownThreads) struct CutoverToolsTests {
  static let vm = "203.0.113.10"
  static let domain = "notes.example.com"

  /// Where the domain points; the fake DNS and the fake host's ACME validation both read it.
  final class Zone: @unchecked Sendable {
    private let lock = NSLock()
    private var addresses: [String] = []
    func point(_ new: [String]) { lock.withLock { addresses = new } }
    func lookup(_ name: String) -> [DNSRecord] {
      lock.withLock { name == CutoverToolsTests.domain ? addresses.map { DNSRecord(name: name, type: .a, ttl: 300, data: .address($0)) } : [] }
    }
  }

  /// Files written to "this machine", kept in memory.
  final class SavedFiles: FileWriter, @unchecked Sendable {
    var files: [String: [UInt8]] = [:]
    func write(_ text: String, to path: String, executable: Bool) throws(FileWriteError) {
      files[path] = Array(text.utf8)
    }
    func create(_ bytes: [UInt8], at path: String, mode: Int) throws(FileWriteError) {
      guard files[path] == nil else { throw FileWriteError(path: path, reason: "exists") }
      files[path] = bytes
    }
  }

  /// HTTPS as the VM would answer it: a certificate for `names`, or a TLS failure.
  struct StubHTTPS: HTTPTransport {
    var names: [String]
    var notAfter: Double
    var status = 200
    var failure: HTTPError?
    func send(_ request: HTTPRequest) async throws(HTTPError) -> HTTPResponse {
      if let failure { throw failure }
      var response = HTTPResponse(status: status, headers: [], body: AsyncThrowingStream { $0.finish() })
      response.certificates = [HTTPCertificate(subject: "CN=\(names.first ?? "")", issuer: "CN=R11", names: names, notAfter: notAfter)]
      return response
    }
  }

  struct Bench {
    let zone = Zone()
    let host: FakeHost
    let files = SavedFiles()
    let fly: FakeFlyctlCommandRunner
    let tools: [String: any Tool]
    let playbooks: [String: any Tool]

    init(https: StubHTTPS = StubHTTPS(names: [CutoverToolsTests.domain], notAfter: 1_000 * 86_400), flyState: FakeFlyState = SampleWorld.flyState) {
      let zone = zone
      host = FakeHost(publicAddress: CutoverToolsTests.vm, resolve: { zone.lookup($0) })
      fly = FakeFlyctlCommandRunner(state: flyState)
      let connection = HostConnection(connector: FakeHostConnector(host: host), target: SSHTarget(host: "vm", user: "cloud", identityFile: nil))
      let settings = CutoverSettings(
        connection: connection, resolver: FakeDNSResolver { zone.lookup($0) }, recursiveServer: DNSServer(host: "192.0.2.53"), transport: https,
        fly: FlyToolSettings(
          app: SampleWorld.appName, appDirectory: "/nonexistent", flyctl: FlyctlClient(runner: fly, location: FlyctlLocation(executable: "flyctl")),
          files: InMemoryFileSource([:])),
        backupDirectory: "/home/person/landfall-offline", files: files, now: { 900 * 86_400 })
      tools = Dictionary(uniqueKeysWithValues: CutoverTools.all(settings).map { ($0.tool.spec.name, $0.tool) })
      playbooks = Dictionary(
        uniqueKeysWithValues: HostTools.all(connection, appDirectory: "/nonexistent", runner: ScriptedCommandRunner(answers: [:])).map { ($0.spec.name, $0) })
    }

    func run(_ name: String, _ arguments: JSONValue) async throws -> ToolOutput {
      guard let tool = tools[name] ?? playbooks[name] else { throw ToolFailure.failed("no tool \(name)") }
      return try await tool.run(arguments, context: ToolContext(vault: SecretVault()))
    }
  }

  static let check: JSONValue = .object([("name", .string(domain)), ("expect", .string(vm))])

  @Test func dnsCheckReportsTheVMOnlyWhenTheAuthoritativeAnswerIsIt() async throws {
    let bench = Bench()
    let nowhere = try await bench.run("dns_check", Self.check)
    #expect(nowhere.facts == [.dnsChecked("notes.example.com"), .dnsResolvesToVM(false)])
    #expect(nowhere.text.contains("NXDOMAIN"))
    bench.zone.point(["66.241.124.17"])
    let old = try await bench.run("dns_check", Self.check)
    #expect(old.facts == [.dnsChecked("notes.example.com"), .dnsResolvesToVM(false)])
    bench.zone.point([Self.vm, "66.241.124.17"])
    #expect(try await bench.run("dns_check", Self.check).facts == [.dnsChecked("notes.example.com"), .dnsResolvesToVM(false)])
    bench.zone.point([Self.vm])
    let moved = try await bench.run("dns_check", Self.check)
    #expect(moved.facts == [.dnsChecked("notes.example.com"), .dnsPointsAt(Self.vm)])
    #expect(moved.text.contains("authoritative (\(FakeDNSResolver.nameServer) for zone example.com)"))
    await #expect(throws: ToolFailure.self) { try await bench.run("dns_check", .object([("name", .string(Self.domain)), ("expect", .string("the vm"))])) }
  }

  @Test func aCertificateIsIssuedOnlyOnceNginxServesAndDNSPointsAtTheVM() async throws {
    let bench = Bench()
    let request: JSONValue = .object([("domain", .string(Self.domain))])
    let noNginx = try await bench.run("host_request_certificate", request)
    #expect(noNginx.isError && noNginx.facts.isEmpty)
    _ = try await bench.run("host_configure_nginx", .object([("port", .int(8080))]))
    bench.zone.point(["66.241.124.17"])
    let elsewhere = try await bench.run("host_request_certificate", request)
    #expect(elsewhere.isError && elsewhere.facts.isEmpty)
    #expect(elsewhere.text.contains("Invalid response"))
    bench.zone.point([Self.vm])
    let issued = try await bench.run("host_request_certificate", request)
    #expect(!issued.isError && issued.facts == [.certificateIssued], "\(issued.text)")
    let world = await bench.host.snapshot
    #expect(world["services"]?["nginx"]?["redirect"] == .bool(true))
    #expect(world["services"]?["certbot.timer"]?["enabled"] == .bool(true))
    let script = await bench.host.commands.last ?? ""
    #expect(script.contains("certbot --nginx") && script.contains("--redirect") && script.contains("renew --dry-run"))
    await #expect(throws: ToolFailure.self) { try await bench.run("host_request_certificate", .object([("domain", .string("x; reboot"))])) }
  }

  @Test func verifyHTTPSChecksNamesExpiryAndTLSFailures() async throws {
    let arguments: JSONValue = .object([("domain", .string(Self.domain)), ("address", .string(Self.vm)), ("path", .string("/health"))])
    let good = try await Bench().run("verify_https", arguments)
    #expect(!good.isError && good.facts == [.httpsVerified(true)], "\(good.text)")
    #expect(good.text.contains("valid for 100 more day(s)"))
    let expiring = try await Bench(https: StubHTTPS(names: [Self.domain], notAfter: 905 * 86_400)).run("verify_https", arguments)
    #expect(expiring.isError && expiring.facts == [.httpsVerified(false)])
    let wildcard = try await Bench(https: StubHTTPS(names: ["*.example.com"], notAfter: 1_000 * 86_400)).run("verify_https", arguments)
    #expect(!wildcard.isError)
    let untrusted = StubHTTPS(names: [], notAfter: 0, failure: .connection(url: "https://\(Self.domain)/health", reason: "SSL certificate problem: unable to get local issuer certificate"))
    let refused = try await Bench(https: untrusted).run("verify_https", arguments)
    #expect(refused.isError && refused.text.contains("not trusted"))
    let unhealthy = try await Bench(https: StubHTTPS(names: [Self.domain], notAfter: 1_000 * 86_400, status: 502)).run("verify_https", arguments)
    #expect(unhealthy.isError && unhealthy.text.contains("HTTP 502"))
  }

  @Test func phase6ConfirmsOnlyWithDNSHTTPSAndFlyAtZero() async throws {
    let arguments: JSONValue = .object([("domain", .string(Self.domain)), ("address", .string(Self.vm))])
    let running = Bench()
    running.zone.point([Self.vm])
    let stillOnFly = try await running.run("phase6_confirm", arguments)
    #expect(stillOnFly.facts.contains(.cutoverConfirmed(false)) && stillOnFly.facts.contains(.flyRunning))
    var frozen = SampleWorld.flyState
    frozen.apps[0].machines = []
    let done = Bench(flyState: frozen)
    done.zone.point([Self.vm])
    let confirmed = try await done.run("phase6_confirm", arguments)
    #expect(confirmed.facts == [.dnsChecked("notes.example.com"), .dnsPointsAt(Self.vm), .httpsVerified(true), .flyObservedAtZero, .cutoverConfirmed(true)], "\(confirmed.text)")
  }

  @Test func backupsArriveWithMatchingChecksums() async throws {
    let bench = Bench()
    let arguments: JSONValue = .object([("dumpPath", .string("/srv/landfall/backups/final.dump")), ("volumePath", .string("/data"))])
    await #expect(throws: ToolFailure.self) { try await bench.run("download_backups", arguments) }
    try await bench.host.upload(Array("PGDMP final dump bytes".utf8), to: "/srv/landfall/backups/final.dump", mode: 0o600)
    _ = try await bench.run("host_mount_volume", .object([("path", .string("/data"))]))
    let saved = try await bench.run("download_backups", arguments)
    #expect(!saved.isError && saved.facts == [.offlineCopySaved], "\(saved.text)")
    let dump = bench.files.files["/home/person/landfall-offline/final-77760000.dump"]
    #expect(dump == Array("PGDMP final dump bytes".utf8))
    #expect(saved.text.contains(SHA256.hex(Array("PGDMP final dump bytes".utf8))))
    #expect(bench.files.files.count == 2)
    await #expect(throws: ToolFailure.self) { try await bench.run("download_backups", .object([("dumpPath", .string("/srv/landfall/app.env"))])) }
  }

  @Test func theDecommissionPlanNamesEverythingAndRunsNothing() async throws {
    let bench = Bench()
    let plan = try await bench.run("decommission_plan", .object([("postgresApp", .string("notes-demo-db"))]))
    for line in [
      "fly machine destroy 3d8d9015b21e89 --app notes-demo --force", "fly volumes destroy vol_4y5ze0m9k2lq1p7r --app notes-demo --yes",
      "fly ips release 66.241.124.17 --app notes-demo", "fly ips release 2a09:8280:1::4e:91c2 --app notes-demo", "fly apps destroy notes-demo-db --yes",
    ] {
      #expect(plan.text.contains(line), "\(line)")
    }
    let ran = await bench.fly.requests.map { $0.arguments.joined(separator: " ") }
    #expect(!ran.isEmpty && ran.allSatisfy { !$0.contains("destroy") && !$0.contains("release") })
    #expect(await bench.fly.state == SampleWorld.flyState)
  }
}
