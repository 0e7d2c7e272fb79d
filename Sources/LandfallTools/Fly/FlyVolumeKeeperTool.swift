public import LandfallCore
public import LandfallModel
public import LandfallPolicy

/// `fly_volume_keeper`: after the freeze, starts the one Machine the final volume pass reads
/// through (docs/moving-data.md). It mounts the volume, runs `sleep infinity` instead of the app,
/// has no services (so Fly's proxy sends it nothing and never starts it again) and is marked
/// `landfall_role=volume-keeper`. Fly is read again afterwards: the keeper counts only when
/// `fly machine list` shows it started and without services, and `fly status` no app Machine. Landfall
/// never destroys it; the output tells the person how to, once the migration is over.
public struct FlyVolumeKeeperTool: Tool {
  let settings: FlyToolSettings

  /// The tool.
  public init(settings: FlyToolSettings) {
    self.settings = settings
  }

  /// The metadata that marks a keeper (`FlyStatusTool.isVolumeKeeper` reads it).
  static let role = "landfall_role=volume-keeper"

  public var spec: ToolSpec {
    ToolSpec(
      name: "fly_volume_keeper",
      description: """
        After fly_freeze, start one Machine that mounts a Fly volume, runs sleep infinity instead of the app and has no \
        services, so that fly_volume_copy final=true can read the volume while nothing serves or writes. Landfall never \
        destroys it: the person does, after the migration.
        """,
      inputSchema: Schema.object(
        [
          ("volume", Schema.string("the volume's name, or its id (vol_...) when several share the name")),
          ("path", Schema.string("where the app mounts it, e.g. /data")),
          ("image", Schema.string("the image the app's Machines ran, as fly_freeze printed it, e.g. registry.fly.io/app:deployment-...")),
        ],
        required: ["volume", "path", "image"]),
      effect: .write)
  }

  /// The keeper runs the image it is given with the app's Fly secrets, so only an image the app's
  /// own Machines ran (as `fly_freeze` saw them) will do.
  public func action(for arguments: JSONValue) -> MigrationAction { .runsImage(arguments["image"]?.stringValue ?? "", on: .fly) }

  public func run(_ arguments: JSONValue, context: ToolContext) async throws(ToolFailure) -> ToolOutput {
    let app = try settings.requireApp()
    let path = try FlyVolumeCopyTool.path(arguments, "path")
    let wanted = arguments["volume"]?.stringValue ?? ""
    let image = arguments["image"]?.stringValue ?? ""
    guard !wanted.isEmpty, wanted.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
      throw .invalidArguments("volume must be a volume name or id (letters, digits, _ and -)")
    }
    guard !image.isEmpty, image.allSatisfy({ $0.isLetter || $0.isNumber || ":._-/@".contains($0) }) else {
      throw .invalidArguments("image must be an image reference such as registry.fly.io/app:deployment-01")
    }
    let before = try await FlyStatusTool.observe(settings)
    guard before.atZero else {
      return ToolOutput(
        "\(before.text)\nFly is not frozen: run fly_freeze first. A keeper beside a serving app would read a volume that is still written.",
        facts: [.flyRunning], isError: true)
    }
    let volume = try await Self.volume(wanted, app: app, settings: settings)
    var lines: [String] = []
    if let holder = volume.attachedMachine {
      guard let keeper = try await Self.keepers(app, settings).first(where: { $0["id"]?.stringValue == holder }) else {
        throw .failed("volume \(volume.id) is attached to Machine \(holder), which is not a volume keeper; run fly_freeze first")
      }
      lines.append("volume \(volume.id) (\(volume.name)) is already held by keeper Machine \(holder)")
      if keeper["state"]?.stringValue != "started" {
        _ = try await settings.flyctl(["machine", "start", holder, "-a", app])
        lines.append("started the keeper again (it was \(keeper["state"]?.stringValue ?? "not started"))")
      }
    } else {
      let region = volume.region.isEmpty ? [] : ["--region", volume.region]
      let said = try await settings.flyctl(
        ["machine", "run", image, "infinity", "-a", app, "--volume", "\(volume.id):\(path)"] + region
          + ["--entrypoint", "sleep", "--metadata", Self.role, "--restart", "no", "--autostart=false"])
      let launched = said.split(separator: "\n").first { $0.contains("Machine ID:") }.map { String($0.drop { $0 == " " }) }
      lines.append("started a keeper for volume \(volume.id) (\(volume.name)) in \(volume.region)" + (launched.map { " (\($0))" } ?? ""))
    }
    return try await observeKeeper(of: volume, path: path, app: app, lines: lines)
  }

  /// Looks again: `fly machine list` must show the keeper started, holding the volume, without
  /// services, and `fly status` no app Machine running.
  private func observeKeeper(of volume: FlyVolume, path: String, app: String, lines: [String]) async throws(ToolFailure) -> ToolOutput {
    let observed = try await FlyStatusTool.observe(settings)
    let keeper = try await Self.keepers(app, settings).first { machine in
      (machine["config"]?["mounts"]?.arrayValue ?? []).contains { $0["volume"]?.stringValue == volume.id }
    }
    var lines = lines + [observed.text]
    guard let keeper, let id = keeper["id"]?.stringValue, keeper["state"]?.stringValue == "started", observed.atZero else {
      lines.append("NO KEEPER: no started Machine without services holds \(volume.id); the final volume pass cannot run yet.")
      return ToolOutput(lines.joined(separator: "\n"), facts: [observed.atZero ? .flyObservedAtZero : .flyRunning], isError: true)
    }
    lines.append("keeper Machine \(id) holds \(volume.id) at \(path), runs sleep infinity and has no services: it serves nothing and Fly still counts as frozen.")
    lines.append("Final pass: fly_volume_copy final=true machine=\(id) source_path=\(path).")
    lines.append("Landfall never destroys it. After the migration, destroy it yourself: fly machine destroy \(id) -a \(app) --force")
    return ToolOutput(lines.joined(separator: "\n"), facts: [.flyObservedAtZero])
  }

  /// One volume as `fly volumes list` shows it.
  struct FlyVolume {
    var id: String
    var name: String
    var region: String
    var attachedMachine: String?
  }

  /// The volume called `wanted` (by id, or by a name only one volume has).
  static func volume(_ wanted: String, app: String, settings: FlyToolSettings) async throws(ToolFailure) -> FlyVolume {
    let output = try await settings.flyctl(["volumes", "list", "--json", "-a", app])
    guard let list = (try? JSONParser.parse(output))?.arrayValue else { throw .failed("flyctl volumes list printed something that is not a JSON list") }
    let volumes = list.filter { $0["state"]?.stringValue != "destroyed" }.map { entry in
      FlyVolume(
        id: entry["id"]?.stringValue ?? "", name: entry["name"]?.stringValue ?? "", region: entry["region"]?.stringValue ?? "",
        attachedMachine: entry["attached_machine_id"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 })
    }
    if let byID = volumes.first(where: { $0.id == wanted }) { return byID }
    let named = volumes.filter { $0.name == wanted }
    guard named.count == 1, let only = named.first else {
      if named.isEmpty {
        throw .invalidArguments("app \(app) has no volume \(wanted) (volumes: \(volumes.map { "\($0.name) \($0.id)" }.joined(separator: ", ")))")
      }
      throw .invalidArguments("\(named.count) volumes are called \(wanted) (\(named.map(\.id).joined(separator: ", "))): pass the id of the one to copy")
    }
    return only
  }

  /// The app's volume keepers, from `fly machine list --json`: `fly status` leaves out Machines
  /// started with `fly machine run`.
  static func keepers(_ app: String, _ settings: FlyToolSettings) async throws(ToolFailure) -> [JSONValue] {
    let output = try await settings.flyctl(["machine", "list", "--json", "-a", app])
    guard let machines = (try? JSONParser.parse(output))?.arrayValue else {
      throw .failed("flyctl machine list printed something that is not a JSON list")
    }
    return machines.filter(FlyStatusTool.isVolumeKeeper)
  }
}
