public import LandfallCore
public import LandfallModel

/// `plan_vm`: proposes the VM (and volume) for the app, with ready-made arguments for the cost
/// estimate tools, so the estimate and the later create can use exactly the same parameters.
public struct PlanVMTool: Tool {
  let settings: FlyToolSettings

  /// A tool reading the app through `settings`.
  public init(settings: FlyToolSettings) {
    self.settings = settings
  }

  public var spec: ToolSpec {
    ToolSpec(
      name: "plan_vm",
      description: "Propose one VM size (and a block storage volume) for this app from its Fly Machines, Postgres and volumes, with the arguments to pass to get_cost_estimate_vm and get_cost_estimate_block_storage.",
      inputSchema: Schema.object([
        ("region", Schema.string("region label from list_regions")), ("vmPackage", Schema.string("package label from list_vm_packages")),
        ("image", Schema.string("Ubuntu LTS image label from list_images")), ("name", Schema.string("VM name")),
        FlyToolSettings.targetArgument,
      ], required: ["region", "vmPackage", "image"]),
      effect: .read)
  }

  public func run(_ arguments: JSONValue, context: ToolContext) async throws(ToolFailure) -> ToolOutput {
    let inventory = try await settings.inventory(arguments)
    let plan = VMSizer.plan(inventory)
    let region = arguments["region"] ?? .null
    let name = arguments["name"]?.stringValue ?? Self.vmName(inventory.app)
    var output: [(key: String, value: JSONValue)] = [
      ("target", .string(inventory.target.rawValue)), ("runtime", .string(inventory.runtime.rawValue)),
      ("reasons", .strings(plan.reasons)),
      ("vmEstimateArguments", .object([
        ("name", .string(name)), ("region", region), ("vmPackage", arguments["vmPackage"] ?? .null),
        ("vmSpecs", .object([("vcpu", .int(plan.vcpu)), ("memoryMb", .int(plan.memoryMb)), ("rootDiskGb", .int(plan.rootDiskGb))])),
        ("image", arguments["image"] ?? .null), ("subscriptionPeriod", .string("hourly")),
      ])),
    ]
    if let volume = plan.volumeGb {
      output.append(("volumeEstimateArguments", .object([("name", .string("\(name)-data")), ("sizeGb", .int(volume)), ("region", region)])))
    }
    if let reason = inventory.databaseReason {
      output.append(("note", .string("this app is a database to dump, not an app to move (\(reason)): plan the server's database and restore a dump of it there; size the VM for the apps that use it")))
    }
    if let reason = inventory.kubernetesReason {
      output.append(("note", .string("this app lands on managed Kubernetes (\(reason)): pick a node package with list_kubernetes_packages and price the cluster with get_cost_estimate_kubernetes instead of a VM")))
    }
    return ToolOutput(JSONWriter.string(.object(output), style: .pretty(indent: 2)))
  }

  static func vmName(_ app: String?) -> String {
    let base = (app ?? "app").lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }
    let name = String(base.drop { !$0.isLetter }.prefix(55))
    return (name.isEmpty ? "app" : name) + "-vm"
  }
}
