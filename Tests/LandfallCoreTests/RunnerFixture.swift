import LandfallCore
import LandfallFakes
import LandfallRigs
import LandfallModel
import LandfallPolicy

/// A runner over scripted tools with an in-memory log, for policy-through-runner tests.
struct RunnerFixture {
  let log: InMemoryEventLog
  let vault = SecretVault()
  let approver: ScriptedApprover
  let runner: ToolRunner
  let tools: [String: ScriptedTool]

  static let canary = "canary-Zq81-pw-7731"

  init(
    permissions: SessionPermissions = SessionPermissions(allowWrites: true), approvals: [Bool] = [],
    rules: PolicyRules = PolicyRules(), extra: [any Tool] = [], log: InMemoryEventLog = InMemoryEventLog()
  ) async {
    self.log = log
    let estimate = JSONWriter.string(.object([("estimates", .object([
      ("hourly", .object([("total", .double(0.033))])), ("monthly", .object([("total", .double(24))])),
    ]))]))
    let list: [any Tool] = [
      ScriptedTool(name: "get_cost_estimate_vm", effect: .read, schema: Self.vmSchema, fallback: ToolOutput(estimate)),
      ScriptedTool(name: "create_vm", effect: .write, billable: true, pricedBy: "get_cost_estimate_vm", fallback: ToolOutput(#"{"id": "vm-1"}"#)),
      ScriptedTool(name: "create_dns_record", effect: .write) { arguments in
        ["A", "AAAA"].contains(arguments["type"]?.stringValue ?? "") ? .pointDNS(to: arguments["content"]?.stringValue) : .other
      },
      ScriptedTool(name: "host_exec", effect: .write, fallback: ToolOutput("APP_SECRET=\(Self.canary)")) { arguments in
        MigrationAction.forCommand(arguments["command"]?.stringValue ?? "", envFilePaths: ["/srv/app/app.env"])
      },
      ScriptedTool(name: "host_write_env_file", effect: .write, acceptsSecrets: true),
      ScriptedTool(name: "fly_status", effect: .read, fallback: ToolOutput("no started machines", facts: [.flyObservedAtZero])),
      ScriptedTool(name: "data_final_dump", effect: .write, fallback: ToolOutput("dumped", facts: [.finalDumpTaken])) { _ in .finalDump },
      ScriptedTool(name: "fly_scale", effect: .write) { ($0["count"]?.intValue ?? 0) > 0 ? .flyScaleUp : .other },
      ScriptedTool(name: "fly_apps_destroy", effect: .destructive) { _ in .flyDestroy },
      ScriptedTool(name: "list_regions", effect: .read, schema: .object([
        ("type", .string("object")), ("properties", .object([("page", .object([("type", .string("integer"))]))])),
        ("additionalProperties", .bool(false)),
      ])),
    ] + extra
    var byName: [String: ScriptedTool] = [:]
    for case let tool as ScriptedTool in list { byName[tool.spec.name] = tool }
    tools = byName
    approver = ScriptedApprover(approvals)
    try? await vault.store("APP_SECRET", Secret(Self.canary), origin: .person)
    runner = ToolRunner(
      registry: ToolRegistry(list),
      configuration: .init(permissions: permissions, rules: rules),
      approver: approver, vault: vault, log: log)
  }

  func call(_ name: String, _ arguments: JSONValue = .object([]), phase: MigrationPhase? = .provisionAndDeploy)
    async throws -> ToolRunResult
  {
    try await runner.run(ToolCall(id: "call-\(name)", name: name, arguments: arguments), phase: phase)
  }

  /// The create_vm schema that get_cost_estimate_vm shares.
  static let vmSchema: JSONValue = .object([
    ("type", .string("object")),
    ("properties", .object(["name", "region", "vmPackage", "vmSpecs", "image", "subscriptionPeriod"].map { (key: $0, value: .object([])) })),
  ])

  static let vmArguments: JSONValue = .object([
    ("name", .string("web")), ("region", .string("us-west-0")), ("vmPackage", .string("standard-custom")),
    ("vmSpecs", .object([("vcpu", .int(2)), ("memoryMb", .int(4096))])), ("image", .string("ubuntu-24.04")),
    ("subscriptionPeriod", .string("hourly")),
  ])
}
