import LandfallCore
import LandfallFakes
import LandfallModel
import LandfallPolicy
import LandfallTestSupport
import LandfallTools
import Testing

/// Each tool says which ordering-relevant step a call is, from the call's parsed arguments; the
/// ordering rules act on that declaration, never on the tool's name.
@Suite(.ownThreads) struct DeclaredActionsTests {
  let connection = HostConnection(connector: FakeHostConnector(host: FakeHost()), target: nil)

  @Test func scalingFlyUpIsDeclaredByCountNotByName() {
    let scale = FlyScaleTool(settings: LandingSupport.settings(example: "notes"))
    #expect(scale.action(for: .object([("count", .int(2))])) == .flyScaleUp)
    #expect(scale.action(for: .object([("count", .int(1)), ("group", .string("worker"))])) == .flyScaleUp)
    #expect(scale.action(for: .object([("count", .int(0))])) == .other)
  }

  @Test func rawCommandsAreJudgedFromTheirWords() {
    let exec = HostExecTool(connection: connection)
    let expected: [(String, MigrationAction)] = [
      ("cat /srv/landfall/app.env", .readEnvFile), ("head -c 8 /srv/landfall/app.env", .readEnvFile),
      ("grep -r KEY /srv/landfall", .readEnvFile), ("sudo cat /srv/landfall/app.env | base64", .readEnvFile),
      ("pg_dump -Fc postgres://x > /tmp/d", .finalDump), ("psql -c 'COPY notes TO STDOUT'", .finalDump),
      ("sudo certbot --nginx -d app.example.com", .requestTLS(domain: nil)), ("ls -la /srv", .other), ("df -h", .other),
    ]
    for (command, action) in expected {
      let judged = exec.action(for: .object([("command", .string(command))]))
      #expect(action == .other ? judged == .other : judged.parts.contains(action), "\(command)")
    }
  }

  @Test func aRawDatabaseCopyThatRanCountsAsARestoreSoTheReleaseAndVerificationAreDueAgain() async throws {
    await connection.use(SSHTarget(host: "203.0.113.10", user: "cloud", identityFile: nil))
    let exec = HostExecTool(connection: connection)
    let restore = try await exec.run(.object([("command", .string("pg_restore -d notes /tmp/old.dump"))]), context: ToolContext(vault: SecretVault()))
    #expect(restore.facts == [.restoreCompleted])
    let listing = try await exec.run(.object([("command", .string("df -h"))]), context: ToolContext(vault: SecretVault()))
    #expect(listing.facts.isEmpty)
    var state = MigrationInvariants(app: AppProfile(hasReleaseCommand: true))
    state.observe(.releaseCommandRan(succeeded: true))
    for fact in restore.facts { state.observe(fact) }
    #expect(state.verdict(for: .startApp(runsReleaseFirst: false)).decision == .deny)
  }

  @Test func onlyTheCertificatePlaybookRequestsTLSAndOnlyTheAppToolsPrepareOrStartTheApp() {
    #expect(HostPlaybooks.requestCertificate(connection).action(for: .object([("domain", .string("a.example.com"))])) == .requestTLS(domain: "a.example.com"))
    let preparing: Set<String> = ["host_build_image", "host_release_command", "host_run_container", "host_run_compose"]
    for tool in HostTools.all(connection, appDirectory: "/nonexistent", runner: ShellInjectionTests.NoCommands()) where tool.spec.name != "host_exec" {
      let parts = tool.action(for: .object([])).parts.filter {
        switch $0 {
        case .runsImage, .setsEnvironment: false
        default: true
        }
      }
      guard !parts.isEmpty else { continue }
      #expect(parts == [preparing.contains(tool.spec.name) ? .prepareApp : .other], "\(tool.spec.name)")
    }
    let container = HostPlaybooks.runContainer(connection)
    #expect(container.action(for: .object([("start", .bool(true))])).parts.contains(.startApp(runsReleaseFirst: false)))
  }

  @Test func addressRecordsPointTheDomainWhateverTheirCase() {
    let create = MCPToolDefinition(name: "create_dns_record", description: "", inputSchema: .object([]), readOnly: false)
    let update = MCPToolDefinition(name: "update_dns_record", description: "", inputSchema: .object([]), readOnly: false)
    let list = MCPToolDefinition(name: "list_dns_records", description: "", inputSchema: .object([]), readOnly: true)
    #expect(create.action(for: .object([("type", .string("A")), ("name", .string("@")), ("content", .string("203.0.113.7"))])) == .pointDNS(to: "203.0.113.7"))
    #expect(create.action(for: .object([("type", .string("aaaa")), ("name", .string("www")), ("content", .string("2001:db8::7"))])) == .pointDNS(to: "2001:db8::7"))
    #expect(update.action(for: .object([("type", .string("CNAME"))])) == .pointDNS(to: nil))
    #expect(create.action(for: .object([("type", .string("TXT"))])) == .other)
    #expect(create.action(for: .object([("type", .string("A ")), ("content", .string("198.51.100.7"))])) == .pointDNS(to: "198.51.100.7"))
    #expect(create.action(for: .object([("type", .string("ANAME")), ("content", .string("198.51.100.7"))])) == .pointDNS(to: "198.51.100.7"))
    #expect(create.action(for: .object([("content", .string("198.51.100.7"))])) == .pointDNS(to: "198.51.100.7"))
    #expect(list.action(for: .object([("type", .string("A"))])) == .other)
  }
}
