public import LandfallCore
public import LandfallModel

/// `fly_status`: the app's Machines and their states; reports whether Fly is at zero.
public struct FlyStatusTool: Tool {
  let settings: FlyToolSettings

  /// The status tool for the app `settings` name.
  public init(settings: FlyToolSettings) {
    self.settings = settings
  }

  public var spec: ToolSpec {
    ToolSpec(
      name: "fly_status",
      description: "Show the Fly app's Machines (group, region, state) and whether any is still running.",
      inputSchema: Schema.object([]), effect: .read)
  }

  public func run(_ arguments: JSONValue, context: ToolContext) async throws(ToolFailure) -> ToolOutput {
    let observed = try await Self.observe(settings)
    return ToolOutput(observed.text, facts: [observed.atZero ? .flyObservedAtZero : .flyRunning])
  }

  /// A Machine that only holds the volume open for the final volume pass (docs/moving-data.md):
  /// marked `landfall_role=volume-keeper` and with no services, so it serves no traffic.
  static func isVolumeKeeper(_ machine: JSONValue) -> Bool {
    let config = machine["config"]
    return config?["metadata"]?["landfall_role"]?.stringValue == "volume-keeper" && (config?["services"]?.arrayValue ?? []).isEmpty
  }

  /// The app's Machines as text, and whether none is running.
  static func observe(_ settings: FlyToolSettings) async throws(ToolFailure) -> (text: String, atZero: Bool) {
    let app = try settings.requireApp()
    let output = try await settings.flyctl(["status", "--json", "-a", app])
    guard let status = try? JSONParser.parse(output) else {
      throw .failed("flyctl status printed something that is not JSON")
    }
    let machines = (status.first("Machines", "machines")?.arrayValue ?? []).filter {
      let group = $0["config"]?["metadata"]?["fly_process_group"]?.stringValue ?? ""
      return !group.hasPrefix("fly_app_")
    }
    let running = machines.filter { ["started", "starting", "replacing"].contains($0["state"]?.stringValue ?? "") && !isVolumeKeeper($0) }
    let lines = machines.map { machine in
      let group = machine["config"]?["metadata"]?["fly_process_group"]?.stringValue ?? "?"
      return "\(machine["id"]?.stringValue ?? "?") \(group) \(machine["region"]?.stringValue ?? "?") \(machine["state"]?.stringValue ?? "?")"
    }
    let summary = running.isEmpty
      ? "Fly app \(app) has no running Machines (\(machines.count) in total)."
      : "Fly app \(app) has \(running.count) running Machine(s)."
    return (([summary] + lines).joined(separator: "\n"), running.isEmpty)
  }
}
