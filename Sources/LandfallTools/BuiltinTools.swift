public import LandfallCore
internal import LandfallModel

/// The built-in tools and the phases each is offered in, so that every request carries only the
/// few tools its phase needs.
public enum BuiltinTools {
  /// Adds every built-in tool to `registry` with its phases; `kubectl` adds `kube_apply`.
  public static func register(
    into registry: inout ToolRegistry, fly: FlyToolSettings, keys: GenerateSSHKeyTool? = nil, scripts: (any FileWriter)? = nil,
    data: DataToolSettings? = nil, kubectl: (any Kubectl)? = nil
  ) {
    if let kubectl { registry.add([KubeApplyTool(settings: fly, kubectl: kubectl)], phases: [.provisionAndDeploy, .migrateData]) }
    if let keys { registry.add([keys], phases: [.provisionAndDeploy]) }
    if let scripts {
      registry.add([WriteDeployScriptTool(appDirectory: fly.appDirectory, files: fly.files, writer: scripts)], phases: [.deployScript])
    }
    registry.add([FlyInventoryTool(settings: fly)], phases: [.inventory, .planAndPrice, .verifyAndDecommission])
    registry.add([PlanVMTool(settings: fly)], phases: [.planAndPrice])
    registry.add([FlyStatusTool(settings: fly)], phases: [.inventory, .migrateData, .dnsAndTLS, .verifyAndDecommission])
    registry.add([FlyScaleTool(settings: fly)], phases: [.migrateData])
    registry.add([FlyFreezeTool(settings: fly)], phases: [.migrateData])
    registry.add([FlyVolumeKeeperTool(settings: fly)], phases: [.migrateData])
    registry.add([FlyImportSecretsTool(settings: fly)], phases: [.provisionAndDeploy, .migrateData])
    registry.add([AskSecretTool()], phases: [.provisionAndDeploy, .migrateData, .dnsAndTLS, .deployScript])
    registry.add([MintSecretTool()], phases: [.provisionAndDeploy, .migrateData])
    if let data {
      registry.add([DataSurveyTool(settings: data), DataCopyTool(settings: data)], phases: [.migrateData])
      registry.add([DataVerifyTool(settings: data)], phases: [.migrateData, .verifyAndDecommission])
    }
  }
}
