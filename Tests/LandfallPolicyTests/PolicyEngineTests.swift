import LandfallModel
import LandfallPolicy
import LandfallTestSupport
import Testing

@Suite(.ownThreads) struct PolicyEngineTests {
  func input(
    _ name: String, _ arguments: JSONValue = .object([]), effect: ToolEffect = .write, billable: Bool = false,
    acceptsSecrets: Bool = false, phase: MigrationPhase? = .provisionAndDeploy,
    permissions: SessionPermissions = SessionPermissions(allowWrites: true), rules: PolicyRules = PolicyRules(),
    ledger: CostLedger = CostLedger(), invariants: MigrationInvariants = MigrationInvariants(),
    secrets: Set<String> = [], carriesValue: Bool = false, action: MigrationAction = .other
  ) -> PolicyInput {
    let call = ToolCall(id: "c1", name: name, arguments: arguments)
    return PolicyInput(
      call: call, effect: effect,
      cost: billable ? PolicyInput.Cost(estimateTool: "get_cost_estimate_vm", arguments: arguments) : nil,
      acceptsSecrets: acceptsSecrets, phase: phase, permissions: permissions, rules: rules, ledger: ledger,
      invariants: invariants, action: action,
      knownSecretNames: secrets, argumentsCarrySecretValue: carriesValue)
  }

  @Test func readsAreAllowedInEveryPhaseWithoutFlags() {
    for phase in MigrationPhase.allCases {
      let verdict = PolicyEngine.evaluate(input("list_vms", effect: .read, phase: phase, permissions: SessionPermissions()))
      #expect(verdict.decision == .allow)
    }
  }

  @Test(arguments: [MigrationPhase.inventory, .planAndPrice, .verifyAndDecommission])
  func readOnlyPhasesRefuseWritesWhateverTheFlags(phase: MigrationPhase) {
    let verdict = PolicyEngine.evaluate(input(
      "host_install_docker", phase: phase, permissions: SessionPermissions(allowWrites: true, assumeYes: true)))
    #expect(verdict.decision == .deny)
    #expect(verdict.reason.contains("read-only"))
  }

  @Test func writesNeedTheFlagAndThenARoutineApproval() {
    let without = PolicyEngine.evaluate(input("host_install_docker", permissions: SessionPermissions()))
    #expect(without.decision == .deny)
    #expect(without.reason.contains("--allow-writes"))
    let with = PolicyEngine.evaluate(input("host_install_docker"))
    #expect(with.decision == .ask)
    #expect(with.approval == .routine)
    #expect(PolicyEngine.evaluate(input("host_install_docker", phase: nil)).decision == .ask)
  }

  @Test func destructiveActionsAreDeniedUnlessAPolicyRuleAsks() {
    let call = input("delete_vm", .object([("id", .string("vm-42"))]), effect: .destructive)
    #expect(PolicyEngine.evaluate(call).decision == .deny)
    var opted = call
    opted.rules = PolicyRules(rules: [.init(tool: "delete_*", decision: .ask, reason: "cleanup allowed")])
    let verdict = PolicyEngine.evaluate(opted)
    #expect(verdict.decision == .ask)
    #expect(verdict.approval == .typeToConfirm)
    #expect(verdict.confirmationText == "vm-42")
  }

  @Test func theStrictestRuleWinsAndAllowOnlySkipsRoutinePrompts() {
    let rules = PolicyRules(rules: [
      .init(tool: "create_*", decision: .allow, reason: "fine"),
      .init(tool: "create_vm", decision: .deny, reason: "no VMs in eu", arguments: [("region", "eu-*")]),
    ])
    let eu = PolicyEngine.evaluate(input("create_vm", .object([("region", .string("eu-west-1"))]), rules: rules))
    #expect(eu.decision == .deny)
    #expect(eu.reasons == ["policy file: no VMs in eu"])
    let network = PolicyEngine.evaluate(input("create_isolated_network", rules: rules))
    #expect(network.decision == .allow)
    let paid = PolicyEngine.evaluate(input("create_vm", .object([("region", .string("us-west-0"))]), billable: true, rules: rules))
    #expect(paid.decision == .deny)
    #expect(paid.reason.contains("no cost estimate"))
  }

  @Test func policyFilesParseAndBadOnesNameTheLine() throws {
    let text = """
      # house rules
      [[rule]]
      tool = "create_vm"
      decision = "ask"
      [rule.arguments]
      region = "us-*"

      [[rule]]
      tool = "host_exec"
      decision = "sometimes"
      """
    #expect(throws: InputError("rule 2: decision must be allow, ask or deny, not \"sometimes\"", line: 8)) {
      try PolicyRules.parse(text)
    }
    #expect(throws: InputError.self) { try PolicyRules.parse("[[rule]\n") }
    do {
      _ = try PolicyRules.parse("# rules\n[[rule]]\ntool = = \"x\"\n")
      Issue.record("expected an error")
    } catch {
      #expect(error.line == 3)
      #expect(error.column != nil)
    }
    let good = try PolicyRules.parse(text.split(separator: "\n").prefix(6).joined(separator: "\n"))
    #expect(good.rules.count == 1)
    #expect(good.rules.first?.arguments.first?.pattern == "us-*")
  }

  @Test func secretHandlesGoOnlyToToolsThatAcceptThemAndOnlyWhenKnown() {
    let txt = input("create_dns_record", .object([("content", .string("{{secret:DB_PASSWORD}}"))]), secrets: ["DB_PASSWORD"])
    #expect(PolicyEngine.evaluate(txt).decision == .deny)
    let unknown = input("host_write_env_file", .object([("values", .string("{{secret:NOPE}}"))]), acceptsSecrets: true)
    #expect(PolicyEngine.evaluate(unknown).reason.contains("no value is known for NOPE"))
    let fine = input(
      "host_write_env_file", .object([("values", .string("{{secret:DB_PASSWORD}}"))]), acceptsSecrets: true,
      secrets: ["DB_PASSWORD"])
    #expect(PolicyEngine.evaluate(fine).decision == .ask)
    let leaked = input("create_dns_record", .object([("content", .string("aGVsbG8="))]), carriesValue: true)
    #expect(PolicyEngine.evaluate(leaked).reason.contains("contain a secret value"))
  }
}
