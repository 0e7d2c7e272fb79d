import LandfallCore
import LandfallFakes
import LandfallModel
import LandfallPolicy
import LandfallTestSupport
import LandfallTools
import Testing

/// The vault belongs to the person: nothing replaces a value silently, and no value once held is
/// ever shown again.
@Suite(.ownThreads) struct VaultGuaranteeTests {
  static let personValue = "person-typed-Qx81-value"

  static func runner(approvals: [Bool], yes: Bool = false) async -> (ToolRunner, SecretVault, InMemoryEventLog) {
    let vault = SecretVault()
    try? await vault.store("API_TOKEN", Secret(personValue), origin: .person)
    let log = InMemoryEventLog()
    var registry = ToolRegistry()
    registry.add([MintSecretTool()])
    let runner = ToolRunner(
      registry: registry, configuration: .init(permissions: SessionPermissions(allowWrites: true, assumeYes: yes)),
      approver: ScriptedApprover(approvals), vault: vault, log: log)
    return (runner, vault, log)
  }

  @Test func mintingOverThePersonsValueNeedsTheirExplicitApproval() async throws {
    let (runner, vault, _) = await Self.runner(approvals: [false], yes: true)
    let result = try await runner.run(ToolCall(id: "m", name: "mint_secret", arguments: .object([("name", .string("API_TOKEN"))])), phase: .provisionAndDeploy)
    #expect(result.decision == .denied)
    #expect(await vault.reveal("API_TOKEN")?.withValue { $0 } == Self.personValue)
  }

  @Test func anApprovedReplacementStillRedactsTheOldValue() async throws {
    let (runner, vault, log) = await Self.runner(approvals: [true])
    let result = try await runner.run(ToolCall(id: "m", name: "mint_secret", arguments: .object([("name", .string("API_TOKEN"))])), phase: .provisionAndDeploy)
    #expect(result.ok)
    #expect(await vault.reveal("API_TOKEN")?.withValue { $0 } != Self.personValue)
    let redacted = await vault.redactor.redact("old: \(Self.personValue)")
    #expect(!redacted.contains(Self.personValue))
    let approvals = await log.events(of: .approval)
    #expect(approvals.first?["approvalKind"] == .string("explicit"))
  }

  @Test func theVaultRefusesASilentReplacement() async throws {
    let vault = SecretVault()
    try await vault.store("A", Secret("first-value-1234"), origin: .person)
    await #expect(throws: SecretVaultError.alreadyHeld("A")) {
      try await vault.store("A", Secret("second-value-5678"), origin: .minted)
    }
    try await vault.store("A", Secret("first-value-1234"), origin: .minted)
    #expect(await vault.reveal("A")?.withValue { $0 } == "first-value-1234")
  }

  @Test func aConnectionToAnAddressTheCloudNeverReportedIsAsked() async throws {
    let host = FakeHost()
    let connection = HostConnection(connector: FakeHostConnector(host: host), target: nil)
    let approver = ScriptedApprover([false])
    let runner = ToolRunner(
      registry: ToolRegistry([HostConnectTool(connection: connection)]),
      configuration: .init(permissions: SessionPermissions(allowWrites: true, assumeYes: true)), approver: approver, vault: SecretVault(),
      log: InMemoryEventLog())
    let arguments: JSONValue = .object([("address", .string("198.51.100.66")), ("keyPath", .string("/home/me/.ssh/id_ed25519"))])
    let refused = try await runner.run(ToolCall(id: "c", name: "host_connect", arguments: arguments), phase: .provisionAndDeploy)
    #expect(refused.decision == .denied)
    let asked = await approver.requests
    #expect(asked.first?.kind == .explicit)
    #expect(asked.first?.reasons.joined().contains("not an address the cloud reported") == true)
    #expect(await host.commands.isEmpty)
  }
}
