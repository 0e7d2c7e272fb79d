import Foundation
import LandfallCore
import LandfallFakes
import LandfallRigs
import LandfallFly
import LandfallModel
import LandfallTestSupport
import LandfallTools
import LandfallTransport
import Testing

/// A real certificate from Pebble through certbot's HTTP-01 webroot challenge, all on loopback:
/// challtestsrv is the authoritative DNS that points the test name at 127.0.0.1, nginx answers
/// the challenge and then serves the certificate, and Landfall's own checks run against it.
@Suite(.serialized, .ownThreads) struct ACMEIssuanceTests {
  static let name = "app.landfall.test"

  @Test func badArgumentsToDNSCheckAreUsageErrors() async throws {
    for arguments in [["--expect", "not-an-ip"], ["--expect", "10.0.0.1", "--resolver", "host:99999"], ["--expect", "10.0.0.1", "--resolver", "[::1"]] {
      let result = try await CLI.run(["dns", "check", Self.name] + arguments)
      #expect(result.status == 2, "\(arguments)")
      #expect(!result.stderr.isEmpty)
    }
    #expect(try await CLI.run(["dns", "check", "bad..name", "--expect", "10.0.0.1", "--resolver", "127.0.0.1:1"]).status == 2)
  }

  /// `dns_survey` and `dns_check` over real sockets, with challtestsrv as the serving zone (it
  /// answers no NS questions, so the survey says the delegation could not be read).
  static func surveyAndCheck(resolver: String) async throws {
    let settings = CutoverSettings(
      connection: HostConnection(connector: FakeHostConnector(host: FakeHost()), target: nil), resolver: SocketDNSResolver(),
      recursiveServer: try #require(DNSServer.parse(resolver)), transport: CurlHTTPTransport(),
      fly: FlyToolSettings(
        app: "app", appDirectory: "/nonexistent",
        flyctl: FlyctlClient(runner: ScriptedCommandRunner(answers: [:]), location: FlyctlLocation(executable: "flyctl")), files: InMemoryFileSource([:])),
      backupDirectory: "/nonexistent", files: RecordingFileWriter(), now: { 1_800_000_000 })
    let tools = Dictionary(uniqueKeysWithValues: CutoverTools.all(settings).map { ($0.tool.spec.name, $0.tool) })
    let survey = try #require(tools["dns_survey"])
    let surveyed = try await survey.run(.object([("name", .string(Self.name)), ("authoritative", .string(resolver))]), context: ToolContext(vault: SecretVault()))
    #expect(surveyed.text.contains("could not be read"), "\(surveyed.text)")
    #expect(surveyed.text.contains("\(Self.name) A 127.0.0.1 TTL"), "\(surveyed.text)")
    await #expect(throws: ToolFailure.self) {
      try await survey.run(.object([("name", .string(Self.name))]), context: ToolContext(vault: SecretVault()))
    }
    let check = try #require(tools["dns_check"])
    let arguments: [(key: String, value: JSONValue)] = [("name", .string(Self.name)), ("authoritative", .string(resolver)), ("resolver", .string(resolver))]
    let right = try await check.run(.object(arguments + [("expect", .string("127.0.0.1"))]), context: ToolContext(vault: SecretVault()))
    #expect(right.facts == [.dnsChecked(Self.name), .dnsPointsAt("127.0.0.1")], "\(right.text)")
    let wrong = try await check.run(.object(arguments + [("expect", .string("192.0.2.7"))]), context: ToolContext(vault: SecretVault()))
    #expect(wrong.facts == [.dnsChecked(Self.name), .dnsResolvesToVM(false)])
  }

  /// A CNAME is followed over real sockets: only the address at the end of the chain is compared.
  static func checkAliases(_ stack: LoopbackACMEStack, resolver: String) async throws {
    let transport = CurlHTTPTransport()
    for (path, body) in [
      ("/set-cname", #"{"host":"alias.landfall.test.","target":"\#(Self.name)."}"#),
      ("/set-cname", #"{"host":"astray.landfall.test.","target":"elsewhere.landfall.test."}"#),
      ("/add-a", #"{"host":"elsewhere.landfall.test","addresses":["192.0.2.7"]}"#),
    ] {
      #expect(try await transport.send(HTTPRequest(url: stack.managementURL(path), body: Array(body.utf8))).status == 200, "\(path) \(body)")
    }
    let alias = try await CLI.run(["dns", "check", "alias.landfall.test", "--expect", "127.0.0.1", "--resolver", resolver])
    #expect(alias.status == 0, "\(alias.stdout)\(alias.stderr)")
    #expect(alias.stdout.contains("CNAME \(Self.name) -> 127.0.0.1"), "\(alias.stdout)")
    let astray = try await CLI.run(["dns", "check", "astray.landfall.test", "--expect", "127.0.0.1", "--resolver", resolver])
    #expect(astray.status == 1 && astray.stdout.contains("192.0.2.7"), "\(astray.stdout)\(astray.stderr)")
  }

  @Test func certbotIssuesThroughPebbleAndLandfallChecksDNSAndHTTPS() async throws {
    let stack = try LoopbackACMEStack()
    defer { stack.stop() }
    let transport = CurlHTTPTransport()
    let added = try await transport.send(
      HTTPRequest(url: stack.managementURL("/add-a"), body: Array(#"{"host":"\#(Self.name)","addresses":["127.0.0.1"]}"#.utf8)))
    #expect(added.status == 200)

    let resolver = "127.0.0.1:\(stack.dnsPort)"
    let right = try await CLI.run(["dns", "check", Self.name, "--expect", "127.0.0.1", "--resolver", resolver, "--json"])
    #expect(right.status == 0, "\(right.stderr)")
    let json = try JSONParser.parse(right.stdout)
    #expect(json["answers"] == .strings(["127.0.0.1"]))
    #expect(json["match"] == .bool(true))
    #expect(json["resolver"] == .string(resolver))
    let wrong = try await CLI.run(["dns", "check", Self.name, "--expect", "192.0.2.7", "--resolver", resolver, "--json"])
    #expect(wrong.status == 1)
    #expect(try JSONParser.parse(wrong.stdout)["match"] == .bool(false))
    let silent = try await CLI.run(["dns", "check", Self.name, "--expect", "127.0.0.1", "--resolver", "127.0.0.1:\(try LoopbackSSHServer.freePort())"])
    #expect(silent.status == 3)
    try await Self.checkAliases(stack, resolver: resolver)
    try await Self.surveyAndCheck(resolver: resolver)

    let certbotDirectories = ["--config-dir", stack.directory + "/certbot", "--work-dir", stack.directory + "/certbot-work", "--logs-dir", stack.directory + "/certbot-logs"]
    let environment = ["REQUESTS_CA_BUNDLE": stack.listenerCertificate]
    let runner = ProcessCommandRunner(path: ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
    let issued = try await runner.run(
      CommandRequest(
        executable: "certbot",
        arguments: ["certonly", "--non-interactive", "--agree-tos", "--register-unsafely-without-email", "--server", stack.directoryURL,
          "--webroot", "-w", stack.webroot, "-d", Self.name] + certbotDirectories,
        environment: environment, timeout: .seconds(120)))
    #expect(issued.succeeded, "\(issued.standardError)")
    let live = stack.directory + "/certbot/live/\(Self.name)"
    let renewal = try await runner.run(
      CommandRequest(
        executable: "certbot",
        arguments: ["renew", "--dry-run", "--non-interactive", "--no-random-sleep-on-renew", "--server", stack.directoryURL] + certbotDirectories,
        environment: environment, timeout: .seconds(120)))
    #expect(renewal.succeeded, "\(renewal.standardError)")
    #expect((renewal.standardOutput + renewal.standardError).contains("simulated renewals succeeded"))

    var rootRequest = HTTPRequest(method: "GET", url: stack.rootURL)
    rootRequest.trustedCertificates = stack.listenerCertificate
    let root = try await transport.send(rootRequest).collect()
    let rootFile = stack.directory + "/pebble-root.pem"
    try Data(root).write(to: URL(fileURLWithPath: rootFile))
    try stack.serveHTTPS(certificate: live + "/fullchain.pem", key: live + "/privkey.pem")

    let now = Date().timeIntervalSince1970
    let good = await HTTPSCheck.run(
      domain: Self.name, address: "127.0.0.1", port: stack.httpsPort, path: "/health", trustedCertificates: rootFile, now: now, transport: transport)
    #expect(good.passed, "\(good.summary)")
    #expect(good.status == 200)
    #expect(good.names == [Self.name])
    #expect((good.daysLeft ?? 0) > 30)

    let soon = await HTTPSCheck.run(
      domain: Self.name, address: "127.0.0.1", port: stack.httpsPort, path: "/health", trustedCertificates: rootFile,
      now: (good.notAfter ?? now) - 3 * 86_400, transport: transport)
    #expect(!soon.passed && soon.daysLeft == 3)
    let otherName = await HTTPSCheck.run(
      domain: "other.landfall.test", address: "127.0.0.1", port: stack.httpsPort, path: "/health", trustedCertificates: rootFile, now: now,
      transport: transport)
    #expect(!otherName.passed && (otherName.problem ?? "").contains("does not name"), "\(otherName.summary)")
    let untrusted = await HTTPSCheck.run(
      domain: Self.name, address: "127.0.0.1", port: stack.httpsPort, path: "/health", trustedCertificates: stack.listenerCertificate, now: now,
      transport: transport)
    #expect(!untrusted.passed && (untrusted.problem ?? "").contains("not trusted"), "\(untrusted.summary)")
    let missingPath = await HTTPSCheck.run(
      domain: Self.name, address: "127.0.0.1", port: stack.httpsPort, path: "/missing", trustedCertificates: rootFile, now: now, transport: transport)
    #expect(!missingPath.passed && missingPath.status == 404)
  }
}
