public import LandfallCore
public import LandfallModel

/// `fly_inventory`: Phase 1's facts (fly.toml, Dockerfile, flyctl) as JSON.
public struct FlyInventoryTool: Tool {
  let settings: FlyToolSettings

  public var spec: ToolSpec {
    ToolSpec(
      name: "fly_inventory",
      description: "Read the Fly app: process groups, ports, mounts, volumes, secret names, Postgres, sizes, and where it lands (one VM with Docker or Compose, or managed Kubernetes).",
      inputSchema: Schema.object([FlyToolSettings.targetArgument]), effect: .read)
  }

  public func run(_ arguments: JSONValue, context: ToolContext) async throws(ToolFailure) -> ToolOutput {
    ToolOutput(JSONWriter.string(try await settings.inventory(arguments).json))
  }
}
