import LandfallCore
import LandfallFakes
import LandfallModel
import LandfallPolicy
import LandfallRigs
import Testing

/// A tool runs only in the phases that offer it: a model that names a tool it was not shown
/// (one kept for a later phase, or one never offered) is refused before any other rule.
@Suite struct PhaseOfferTests {
  @Test func aToolOutsideItsPhasesIsRefusedAndNeverRuns() async throws {
    let later = ScriptedTool(name: "create_dns_record", effect: .read)
    let never = ScriptedTool(name: "scale_kubernetes_cluster", effect: .read)
    let anywhere = ScriptedTool(name: "list_regions", effect: .read)
    let registry = ToolRegistry([later, never, anywhere], phases: ["create_dns_record": [.dnsAndTLS], "scale_kubernetes_cluster": []])
    let runner = ToolRunner(
      registry: registry, configuration: .init(permissions: SessionPermissions(allowWrites: true, assumeYes: true)),
      approver: ScriptedApprover([]), vault: SecretVault(), log: InMemoryEventLog())

    let early = try await runner.run(ToolCall(id: "1", name: "create_dns_record", arguments: .object([])), phase: .provisionAndDeploy)
    #expect(early.decision == .denied)
    #expect(early.result == "create_dns_record is not offered in phase 3 (\(MigrationPhase.provisionAndDeploy.title)): it belongs to phase 5 (\(MigrationPhase.dnsAndTLS.title))")
    let hidden = try await runner.run(ToolCall(id: "2", name: "scale_kubernetes_cluster", arguments: .object([])), phase: .provisionAndDeploy)
    #expect(hidden.result.hasSuffix("it is never offered"))
    #expect(await later.received.isEmpty)
    #expect(await never.received.isEmpty)

    #expect(try await runner.run(ToolCall(id: "3", name: "create_dns_record", arguments: .object([])), phase: .dnsAndTLS).decision == .allowed)
    #expect(try await runner.run(ToolCall(id: "4", name: "list_regions", arguments: .object([])), phase: .provisionAndDeploy).decision == .allowed)
    #expect(try await runner.run(ToolCall(id: "5", name: "create_dns_record", arguments: .object([])), phase: nil).decision == .allowed)
  }
}
