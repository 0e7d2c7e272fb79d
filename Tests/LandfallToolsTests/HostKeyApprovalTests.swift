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

  /// Runs host_connect once; `learned`: the person named the address with --host (the key stays
  /// one the session did not create, so the person is asked either way).
  func run(_ connector: any SSHConnector, approving: Bool, learned: Bool = true) async throws -> (ToolRunResult, [ApprovalRequest], [TranscriptEvent]) {
    let approver = ScriptedApprover([approving])
    let log = InMemoryEventLog()
    let runner = ToolRunner(
      registry: ToolRegistry([HostConnectTool(connection: HostConnection(connector: connector, target: nil))]),
      configuration: .init(permissions: SessionPermissions(allowWrites: true), trustedAddresses: learned ? ["198.51.100.66"] : []),
      approver: approver, vault: SecretVault(), log: log)
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

  /// A server that counts every contact, offers `looked` when its key is read and `atLogin` at login.
  actor CountingConnector: SSHConnector {
    let host: FakeHost
    let looked: String
    let atLogin: String
    private(set) var contacts = 0

    init(host: FakeHost, looked: String = "SHA256:theServersKey", atLogin: String = "SHA256:theServersKey") {
      self.host = host
      self.looked = looked
      self.atLogin = atLogin
    }

    func hostKey(of target: SSHTarget) async throws(SSHError) -> SSHHostKey {
      contacts += 1
      return SSHHostKey(type: "ssh-ed25519", fingerprint: looked, standing: .firstUse)
    }

    func connect(to target: SSHTarget) async throws(SSHError) -> any SSHSession {
      contacts += 1
      if let approved = target.approvedHostKey, approved != atLogin {
        throw .hostKeyChanged(host: target.host, expected: approved, actual: atLogin)
      }
      return host
    }
  }

  /// Approves everything and notes how often the server had been contacted at each question.
  struct WatchingApprover: Approver {
    let connector: CountingConnector
    let contactsWhenAsked = Collected<Int>()
    let reasons = Collected<String>()

    func approve(_ request: ApprovalRequest) async -> Bool {
      contactsWhenAsked.add(await connector.contacts)
      reasons.add(request.reasons.joined(separator: "\n"))
      return true
    }
  }

  func unlearnedSession(_ connector: CountingConnector) -> (ToolRunner, WatchingApprover) {
    let approver = WatchingApprover(connector: connector)
    let runner = ToolRunner(
      registry: ToolRegistry([HostConnectTool(connection: HostConnection(connector: connector, target: nil))]),
      configuration: .init(permissions: SessionPermissions(allowWrites: true)), approver: approver, vault: SecretVault(), log: InMemoryEventLog())
    return (runner, approver)
  }

  @Test func anAddressTheSessionDidNotLearnIsContactedOnlyAfterApprovalAndItsKeyNeedsASecondOne() async throws {
    let host = FakeHost()
    let connector = CountingConnector(host: host)
    let (runner, approver) = unlearnedSession(connector)
    let first = try await runner.run(ToolCall(id: "c1", name: "host_connect", arguments: Self.arguments), phase: .provisionAndDeploy)
    #expect(approver.contactsWhenAsked.all == [0])
    #expect(approver.reasons.all.first?.contains("was not contacted before this approval") == true, "\(approver.reasons.all)")
    #expect(!first.ok && first.result.contains("SHA256:theServersKey") && first.result.contains("call host_connect again"), "\(first.result)")
    #expect(await host.commands.isEmpty)

    let second = try await runner.run(ToolCall(id: "c2", name: "host_connect", arguments: Self.arguments), phase: .provisionAndDeploy)
    #expect(approver.contactsWhenAsked.all == [0, 1], "the second question shows the key seen at the first login without looking again")
    #expect(approver.reasons.all.last?.contains("offered the host key ssh-ed25519 SHA256:theServersKey") == true, "\(approver.reasons.all)")
    #expect(second.ok, "\(second.result)")
    #expect(await !host.commands.isEmpty)
  }

  @Test func theSecondApprovalPinsTheKeySeenAtTheFirstLoginAndNoOther() async throws {
    let host = FakeHost()
    let connector = CountingConnector(host: host, looked: "SHA256:seenAtFirstLogin", atLogin: "SHA256:offeredLater")
    let (runner, approver) = unlearnedSession(connector)
    _ = try await runner.run(ToolCall(id: "c1", name: "host_connect", arguments: Self.arguments), phase: .provisionAndDeploy)
    let second = try await runner.run(ToolCall(id: "c2", name: "host_connect", arguments: Self.arguments), phase: .provisionAndDeploy)
    #expect(approver.reasons.all.last?.contains("SHA256:seenAtFirstLogin") == true)
    #expect(!second.ok && second.result.contains("SHA256:offeredLater"), "\(second.result)")
    #expect(await host.commands.isEmpty)
  }

  @Test func aDeclinedLoginToAnUnlearnedAddressNeverContactsIt() async throws {
    let connector = CountingConnector(host: FakeHost())
    let (result, asked, _) = try await run(connector, approving: false, learned: false)
    #expect(result.decision == .denied && asked.count == 1)
    #expect(await connector.contacts == 0)
  }
}
