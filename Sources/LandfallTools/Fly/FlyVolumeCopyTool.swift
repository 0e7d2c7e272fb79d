public import LandfallCore
public import LandfallFly
public import LandfallModel
public import LandfallPolicy

/// What the volume copy uses: flyctl (run as a stream for the archive), and the VM over SSH.
public struct VolumeCopySettings: Sendable {
  public var fly: FlyToolSettings
  public var flyctl: FlyctlLocation
  public var launcher: any StreamingProgramLauncher
  public var host: HostConnection

  /// Settings for `fly_volume_copy`.
  public init(fly: FlyToolSettings, flyctl: FlyctlLocation, launcher: any StreamingProgramLauncher, host: HostConnection) {
    self.fly = fly
    self.flyctl = flyctl
    self.launcher = launcher
    self.host = host
  }
}

/// `fly_volume_copy`: streams `tar` of a Fly volume from a Machine (`flyctl ssh console -C`, no
/// PTY, so binary safe) straight into `tar -x` in the VM's mounted volume over SSH, with no file
/// in between, then compares a sha256 manifest computed on each side. The bulk pass runs while
/// Fly serves; the final pass (`final`) waits, like every final copy, until Fly is observed at
/// zero, and reads the volume through a Machine that serves nothing (docs/moving-data.md).
public struct FlyVolumeCopyTool: Tool {
  let settings: VolumeCopySettings

  /// The tool.
  public init(settings: VolumeCopySettings) {
    self.settings = settings
  }

  public var spec: ToolSpec {
    ToolSpec(
      name: "fly_volume_copy",
      description: """
        Copy a Fly volume's files into the VM's mounted volume (tar streamed over flyctl ssh console and SSH), then compare \
        sha256 manifests of both sides. Run once while Fly serves, then with final=true after fly_freeze, on the Machine \
        that serves nothing.
        """,
      inputSchema: Schema.object(
        [
          ("source_path", Schema.string("the mount path on the Fly Machine, e.g. /data")),
          ("target_path", Schema.string("the mount path on the VM")),
          ("machine", Schema.string("the Fly Machine id to read from (default: a started one)")),
          ("final", .object([("type", .string("boolean")), ("description", .string("the last pass, after the freeze"))])),
        ],
        required: ["source_path", "target_path"]),
      effect: .write)
  }

  /// The final pass is a final copy of the data: the ordering rules hold it until Fly is at zero.
  public func action(for arguments: JSONValue) -> MigrationAction {
    arguments["final"]?.boolValue == true ? .finalDump : .other
  }

  /// Lists every regular file under the current folder with its sha256, sorted by path.
  static let manifestCommand = "find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum"

  public func run(_ arguments: JSONValue, context: ToolContext) async throws(ToolFailure) -> ToolOutput {
    let app = try settings.fly.requireApp()
    let source = try Self.path(arguments, "source_path")
    let target = try Self.path(arguments, "target_path")
    var machine = arguments["machine"]?.stringValue
    if let machine, machine.isEmpty || !machine.allSatisfy({ $0.isLetter || $0.isNumber }) {
      throw .invalidArguments("machine must be a Machine id")
    }
    let final = arguments["final"]?.boolValue == true
    if final {
      switch try await keeper(app: app, requested: machine, source: source) {
      case .machine(let keeper): machine = keeper
      case .refused(let refusal): return refusal
      }
    }
    let console = ["ssh", "console", "-a", app] + (machine.map { ["--machine", $0] } ?? [])
    let received = try await unpack(console + ["-C", "tar -C \(source) -cf - ."], into: target)
    let sent = try await settings.fly.flyctl(console + ["-C", "sh -c 'cd \(source) && \(Self.manifestCommand)'"])
    let comparison = VolumeManifest.compare(fly: VolumeManifest(sent), vm: VolumeManifest(received))
    var text = "\(final ? "final pass" : "bulk pass") of \(app):\(source) into the VM's \(target)\n" + comparison.text
    if final, comparison.match, let machine {
      let stopped = (try? await settings.fly.flyctl(["machine", "stop", machine, "-a", app])) != nil
      text += "\nkeeper Machine \(machine) \(stopped ? "stopped" : "could not be stopped; it keeps running")"
        + " and is not destroyed; once the migration is over, destroy it yourself: fly machine destroy \(machine) -a \(app) --force"
    }
    return ToolOutput(text, facts: final && comparison.match ? [.finalDumpTaken] : [], isError: !comparison.match)
  }

  /// The keeper the final pass reads through, or why it cannot run now.
  enum KeeperChoice {
    case machine(String)
    case refused(ToolOutput)
  }

  /// The Machine the final pass reads through: a started volume keeper (fly_volume_keeper), with
  /// no app Machine running, as Fly shows it now; or the refusal to report.
  private func keeper(app: String, requested: String?, source: String) async throws(ToolFailure) -> KeeperChoice {
    let observed = try await FlyStatusTool.observe(settings.fly)
    guard observed.atZero else {
      return .refused(ToolOutput(
        "\(observed.text)\nNOT FROZEN: the final pass waits until no app Machine runs; run fly_freeze.", facts: [.flyRunning], isError: true))
    }
    let keepers = try await FlyVolumeKeeperTool.keepers(app, settings.fly).filter { $0["state"]?.stringValue == "started" }
    if let requested {
      guard keepers.contains(where: { $0["id"]?.stringValue == requested }) else {
        throw .invalidArguments("Machine \(requested) is not a started volume keeper; the final pass reads through the Machine fly_volume_keeper started (run it again to start a stopped keeper)")
      }
      return .machine(requested)
    }
    let mounting = keepers.filter { keeper in (keeper["config"]?["mounts"]?.arrayValue ?? []).contains { $0["path"]?.stringValue == source } }
    guard let only = (mounting.count == 1 ? mounting : keepers).first?["id"]?.stringValue, mounting.count == 1 || keepers.count == 1 else {
      if keepers.isEmpty { throw .failed("no volume keeper is running: start one with fly_volume_keeper (after fly_freeze) before the final pass") }
      throw .invalidArguments("several volume keepers run; pass machine= with the one that holds \(source)")
    }
    return .machine(only)
  }

  /// Streams the archive flyctl prints into `tar -x` on the VM; returns the VM's manifest.
  private func unpack(_ flyctlArguments: [String], into target: String) async throws(ToolFailure) -> String {
    let archive: any ProgramOutput
    do {
      archive = try settings.launcher.stream(
        CommandRequest(executable: settings.flyctl.executable, arguments: settings.flyctl.prefixArguments + flyctlArguments))
    } catch {
      throw .unavailable("flyctl could not be started: \(error.description)")
    }
    let session = try await settings.host.open()
    let manifest = Collector()
    let script = "set -eu\nmkdir -p '\(target)'\ntar -C '\(target)' -xf -\ncd '\(target)'\n\(Self.manifestCommand)\n"
    let status: Int32
    do {
      status = try await session.stream(script, input: { archive.next() }, onOutput: { bytes, isError in manifest.add(bytes, isError) })
    } catch {
      _ = await archive.finish()
      throw .failed("the VM stopped receiving the volume: \(error.description)")
    }
    let fly = await archive.finish()
    guard fly.succeeded else { throw .failed("flyctl ssh console failed (exit \(fly.exitCode)): \(fly.standardError)") }
    guard status == 0 else { throw .failed("unpacking on the VM failed (exit \(status)): \(manifest.errors)") }
    return manifest.output
  }

  /// An absolute path of plain characters, so it passes through flyctl's and the shell's word splitting unchanged.
  static func path(_ arguments: JSONValue, _ key: String) throws(ToolFailure) -> String {
    guard let path = arguments[key]?.stringValue, path.hasPrefix("/"),
      path.allSatisfy({ $0.isLetter || $0.isNumber || "/._-".contains($0) }), !path.contains("..")
    else { throw .invalidArguments("\(key) must be an absolute path of letters, digits, /, ., _ and -") }
    return path
  }
}
