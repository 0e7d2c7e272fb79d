public import LandfallCore
public import LandfallModel
internal import LandfallFly

/// `fly_inventory`: Phase 1's facts (fly.toml, Dockerfile, flyctl) as JSON.
public struct FlyInventoryTool: Tool {
  let settings: FlyToolSettings

  public var spec: ToolSpec {
    ToolSpec(
      name: "fly_inventory",
      description: "Read the Fly app: process groups, ports, mounts, volumes, secret names, Postgres, sizes, and whether it lands on one VM or Kubernetes.",
      inputSchema: Schema.object([]), effect: .read)
  }

  public func run(_ arguments: JSONValue, context: ToolContext) async throws(ToolFailure) -> ToolOutput {
    let builder = InventoryBuilder(files: settings.files, survey: FlyAppSurvey(flyctl: settings.flyctl))
    do {
      let inventory = try await builder.build(appDirectory: settings.appDirectory, flyApp: settings.app)
      return ToolOutput(JSONWriter.string(inventory.json))
    } catch {
      throw .failed(error.description)
    }
  }
}
