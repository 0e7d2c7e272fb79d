import LandfallCore
import LandfallFakes
import LandfallModel
import LandfallPolicy
import LandfallTestSupport
import LandfallTools
import Testing

/// A login the person must approve shows the server's host key, and the login then pins that
/// key and no other.
@Suite(.ownThreads) struct HostKeyApprovalTests {
  /// Offers one key when looked at and another when logged into, as a machine in the middle could.
  struct SwappingKeyConnector: SSHConnector {
    let host: FakeHost

    func hostKey(of target: SSHTarget) async throws(SSHError) -> SSHHostKey {
      SSHHostKey(type: "ssh-ed25519", fingerprint: "SHA256:shownToThePerson", standing: .firstUse)
    }

    func connect(to target: SSHTarget) async throws(SSHError) -> any SSHSession {
      if let approved = target.approvedHostKey, approved != "SHA256:offeredAtLogin" {
        throw .hostKeyChanged(host: target.host, expected: approved, actual: "SHA256:offeredAtLogin")
      }
      return host
    }
  }

  static let arguments: JSONValue = .object([("address", .string("198.51.100.66")), ("keyPath", .string("/home/me/.ssh/id_ed25519"))])

  func run(_ connector: any SSHConnector, approving: Bool) async throws -> (ToolRunResult, [ApprovalRequest], [TranscriptEvent]) {
    let approver = ScriptedApprover([approving])
    let log = InMemoryEventLog()
    let runner = ToolRunner(
      registry: ToolRegistry([HostConnectTool(connection: HostConnection(connector: connector, target: nil))]),
      configuration: .init(permissions: SessionPermissions(allowWrites: true)), approver: approver, vault: SecretVault(), log: log)
    let result = try await runner.run(ToolCall(id: "c", name: "host_connect", arguments: Self.arguments), phase: .provisionAndDeploy)
    return (result, await approver.requests, await log.events)
  }

  @Test func theApprovalShowsTheFirstUseFingerprintAndTheTranscriptKeepsIt() async throws {
    let host = FakeHost()
    let (result, asked, events) = try await run(FakeHostConnector(host: host), approving: true)
    let expected = FakeHostConnector.fingerprint(SSHTarget(host: "198.51.100.66", user: "cloud", identityFile: nil))
    let reasons = try #require(asked.first?.reasons).joined(separator: "\n")
    #expect(reasons.contains("first connection"), "\(reasons)")
    #expect(reasons.contains(expected), "\(reasons)")
    #expect(result.decision == .approved)
    #expect(result.ok, "\(result.result)")
    let approval = try #require(events.first { $0.kind == .approval })
    #expect(JSONWriter.string(.object(approval.fields)).contains(expected))
  }

  @Test func aServerOfferingAnotherKeyAtLoginThanTheOneApprovedIsRefused() async throws {
    let host = FakeHost()
    let (result, asked, _) = try await run(SwappingKeyConnector(host: host), approving: true)
    #expect(asked.first?.reasons.joined().contains("SHA256:shownToThePerson") == true)
    #expect(!result.ok)
    #expect(result.result.contains("SHA256:offeredAtLogin"), "\(result.result)")
    #expect(await host.commands.isEmpty)
  }

  /// Cannot show its key when the person is asked, then offers one at login.
  actor LateKeyConnector: SSHConnector {
    let host: FakeHost
    private var looks = 0

    init(host: FakeHost) { self.host = host }

    func hostKey(of target: SSHTarget) async throws(SSHError) -> SSHHostKey {
      looks += 1
      if looks == 1 { throw .unreachable(host: target.host, port: target.port, reason: "timed out") }
      return SSHHostKey(type: "ssh-ed25519", fingerprint: "SHA256:neverShown", standing: .firstUse)
    }

    func connect(to target: SSHTarget) async throws(SSHError) -> any SSHSession { host }
  }

  @Test func aFirstLoginWhoseKeyWasNotShownIsRefusedAfterApproval() async throws {
    let host = FakeHost()
    let (result, asked, _) = try await run(LateKeyConnector(host: host), approving: true)
    #expect(asked.first?.reasons.joined().contains("could not be read") == true)
    #expect(!result.ok)
    #expect(result.result.contains("was not shown"), "\(result.result)")
    #expect(await host.commands.isEmpty)
  }
}
