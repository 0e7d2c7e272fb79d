public import LandfallCore
public import LandfallModel
public import LandfallPolicy

/// `fly_scale`: sets a process group's Machine count; 0 freezes the app (its volumes stay).
public struct FlyScaleTool: Tool {
  let settings: FlyToolSettings

  /// The scale tool for the app `settings` name.
  public init(settings: FlyToolSettings) {
    self.settings = settings
  }

  public var spec: ToolSpec {
    ToolSpec(
      name: "fly_scale",
      description: "Scale a Fly process group to a Machine count. Use 0 to freeze the app before the final dump; volumes are kept.",
      inputSchema: Schema.object(
        [("count", Schema.integer("Machines to keep", minimum: 0)), ("group", Schema.string("process group, default app"))],
        required: ["count"]),
      effect: .write)
  }

  /// Any count above zero starts Fly serving again, which the ordering rules watch after the freeze.
  public func action(for arguments: JSONValue) -> MigrationAction {
    (arguments["count"]?.intValue ?? 0) > 0 ? .flyScaleUp : .other
  }

  public func run(_ arguments: JSONValue, context: ToolContext) async throws(ToolFailure) -> ToolOutput {
    let app = try settings.requireApp()
    guard let count = arguments["count"]?.intValue else { throw .invalidArguments("count must be a whole number") }
    var command = ["scale", "count", String(count), "--yes", "-a", app]
    if let group = arguments["group"]?.stringValue { command += ["-g", group] }
    let output = try await settings.flyctl(command)
    return ToolOutput(output.isEmpty ? "scaled \(app) to \(count)" : output)
  }
}
