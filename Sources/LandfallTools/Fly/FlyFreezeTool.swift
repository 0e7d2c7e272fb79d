public import LandfallCore
public import LandfallModel

/// `fly_freeze`: stops Fly from writing before the final copy. Every process group that has
/// Machines is scaled to zero, then `fly status` is read again: only that observation, not the
/// scaling, reports Fly at zero. Scaling to zero destroys the Machines and keeps their volumes
/// (docs/moving-data.md says how the volume is read afterwards).
public struct FlyFreezeTool: Tool {
  let settings: FlyToolSettings

  /// The tool.
  public init(settings: FlyToolSettings) {
    self.settings = settings
  }

  public var spec: ToolSpec {
    ToolSpec(
      name: "fly_freeze",
      description: """
        Freeze the Fly app before the final copy: scale every process group to 0 Machines (volumes are kept), then \
        check with fly status that none is left running. Fly counts as frozen only when that check passes.
        """,
      inputSchema: Schema.object([]), effect: .write)
  }

  public func run(_ arguments: JSONValue, context: ToolContext) async throws(ToolFailure) -> ToolOutput {
    let app = try settings.requireApp()
    let (groups, images) = try await groupsWithMachines(app)
    var lines: [String] = []
    if !images.isEmpty {
      lines.append("image the Machines ran (a volume keeper needs it after the freeze): \(images.joined(separator: ", "))")
    }
    if !groups.isEmpty {
      let counts = groups.map { "\($0)=0" }
      let output = try await settings.flyctl(["scale", "count"] + counts + ["--yes", "-a", app])
      let said = output.split(separator: "\n").map { $0.trimmingCharacters(in: " \t") }.filter { !$0.isEmpty }
      lines.append("scaled \(groups.joined(separator: ", ")) to 0 (flyctl: \(said.last.map(String.init) ?? "no output"))")
    } else {
      lines.append("no process group of \(app) has Machines; nothing to scale")
    }
    let observed = try await FlyStatusTool.observe(settings)
    lines.append(observed.text)
    guard observed.atZero else {
      lines.append("NOT FROZEN: Machines are still running; do not take the final copy. Run fly_freeze again, or ask the person to stop them.")
      return ToolOutput(lines.joined(separator: "\n"), facts: [.flyRunning] + images.map { MigrationFact.imageReady($0, .fly) }, isError: true)
    }
    lines.append("Fly is frozen: no Machine runs, so nothing writes to the database or the volume. Its volumes are kept.")
    return ToolOutput(lines.joined(separator: "\n"), facts: [.flyObservedAtZero] + images.map { MigrationFact.imageReady($0, .fly) })
  }

  /// The process groups that have Machines now, from `fly status`, sorted, and the images they run.
  private func groupsWithMachines(_ app: String) async throws(ToolFailure) -> (groups: [String], images: [String]) {
    let output = try await settings.flyctl(["status", "--json", "-a", app])
    guard let status = try? JSONParser.parse(output) else { throw .failed("flyctl status printed something that is not JSON") }
    var groups: [String] = []
    var images: [String] = []
    for machine in status.first("Machines", "machines")?.arrayValue ?? [] where !FlyStatusTool.isVolumeKeeper(machine) {
      let group = machine["config"]?["metadata"]?["fly_process_group"]?.stringValue ?? "app"
      guard !group.hasPrefix("fly_app_") else { continue }
      if !groups.contains(group) { groups.append(group) }
      if let image = machine["config"]?["image"]?.stringValue, !image.isEmpty, !images.contains(image) { images.append(image) }
    }
    return (groups.sorted(), images.sorted())
  }
}
