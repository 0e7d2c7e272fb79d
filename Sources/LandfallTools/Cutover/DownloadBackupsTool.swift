public import LandfallCore
public import LandfallModel

/// `download_backups`: the final dump and an archive of the data volume copied from the VM to
/// this machine over SFTP, each checked against the sha256 the VM computed.
public struct DownloadBackupsTool: Tool {
  let settings: CutoverSettings

  /// Where the VM stages the copies for SFTP (readable by the login user).
  public static let stagedDump = "/tmp/landfall-offline-final.dump"
  /// The volume archive, staged the same way.
  public static let stagedVolume = "/tmp/landfall-offline-volume.tar.gz"

  public var spec: ToolSpec {
    ToolSpec(
      name: "download_backups",
      description: "Copy the final database dump and a tar.gz of the data volume from the VM to this machine over SFTP and check both sha256 sums: the offline copy to keep before Fly is retired.",
      inputSchema: Schema.object([
        ("dumpPath", Schema.string("the final dump on the VM")), ("volumePath", Schema.string("the volume's mount point on the VM, e.g. /data")),
      ], required: ["dumpPath"]),
      effect: .read)
  }

  public func run(_ arguments: JSONValue, context: ToolContext) async throws(ToolFailure) -> ToolOutput {
    let dumpPath = arguments["dumpPath"]?.stringValue ?? ""
    let volumePath = arguments["volumePath"]?.stringValue
    for path in [dumpPath] + [volumePath].compactMap({ $0 }) {
      guard path.hasPrefix("/"), path.count > 1, !path.contains(where: { $0.isWhitespace || $0 == "'" }) else {
        throw .invalidArguments("\(path) must be an absolute path on the VM without spaces")
      }
      guard !path.hasPrefix("/srv/landfall/app.env"), path != "/srv/landfall" else { throw .invalidArguments("the env file is not part of the offline copy") }
    }
    let body = """
      privileged() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi; }
      trap 'rm -f \(Self.stagedDump) \(Self.stagedVolume)' HUP INT TERM
      \(Self.resolve(dumpPath, as: "dump", test: "-f"))
      privileged install -m 600 -o "$(id -u)" "$dump" \(Self.stagedDump)
      \(volumePath.map { "\(Self.resolve($0, as: "volume", test: "-d"))\nprivileged tar -C \"$volume\" -czf \(Self.stagedVolume) . && privileged chown \"$(id -u)\" \(Self.stagedVolume) && chmod 600 \(Self.stagedVolume)" } ?? "")
      sha256sum \(Self.stagedDump) \(volumePath == nil ? "" : Self.stagedVolume)
      """
    let script = HostScript(
      playbook: "stage_backups", arguments: .object([("dumpPath", .string(dumpPath)), ("volumePath", .string(volumePath))]), body: body)
    do {
      return try await download(script, volume: volumePath != nil)
    } catch {
      _ = try? await settings.connection.run("rm -f \(Self.stagedDump) \(Self.stagedVolume)")
      throw error
    }
  }

  /// Shell lines that set `variable` to the real path of `path` (links and `..` resolved), or
  /// stop: it must exist (`test` is `-f` or `-d`) and lie outside the places that hold secrets
  /// or the system's own state, whatever spelling the path used.
  public static func resolve(_ path: String, as variable: String, test: String) -> String {
    """
    \(variable)=$(privileged realpath -e -- \(HostScript.quote(path))) && privileged test \(test) "$\(variable)" || { echo "no \(variable) at "\(HostScript.quote(path)) >&2; exit 3; }
    case "$\(variable)" in
      /|/srv/landfall|\(HostTools.envFile)|\(Self.protectedPlaces.map { "\($0)|\($0)/*" }.joined(separator: "|"))) echo \(HostScript.quote(path))" is not part of the offline copy" >&2; exit 5 ;;
    esac
    """
  }

  /// Where no offline copy is read from (besides the env file and its folder itself): root's and
  /// users' homes, the system's configuration and state, and Docker's (which holds every
  /// container's environment).
  static let protectedPlaces = [
    "/root", "/home", "/etc", "/proc", "/sys", "/dev", "/run", "/var/run", "/boot", "/var/lib/docker",
    "/var/lib/containerd",
  ]

  private func download(_ script: HostScript, volume: Bool) async throws(ToolFailure) -> ToolOutput {
    let staged = try await settings.connection.run(script.text)
    guard staged.exitStatus == 0 else { throw .failed("staging the offline copy failed (exit \(staged.exitStatus)): \(staged.errors)") }
    let sums = Dictionary(
      staged.output.split(separator: "\n").compactMap { line -> (String, String)? in
        let parts = line.split(separator: " ", omittingEmptySubsequences: true)
        return parts.count == 2 ? (String(parts[1]), String(parts[0])) : nil
      }, uniquingKeysWith: { first, _ in first })
    let session = try await settings.connection.open()
    let stamp = Int(settings.now())
    var lines: [String] = []
    var allMatch = true
    for (remote, name) in [(Self.stagedDump, "final-\(stamp).dump")] + (volume ? [(Self.stagedVolume, "volume-\(stamp).tar.gz")] : []) {
      let bytes: [UInt8]
      do {
        bytes = try await session.download(remote)
      } catch {
        throw .failed("downloading \(remote) over SFTP failed: \(error.description)")
      }
      let local = settings.backupDirectory + "/" + name
      do {
        try settings.files.create(bytes, at: local, mode: 0o600)
      } catch {
        throw .failed("cannot save \(local): \(error.description)")
      }
      let sum = SHA256.hex(bytes)
      let expected = sums[remote] ?? "(none)"
      allMatch = allMatch && sum == expected
      lines.append("\(local): \(bytes.count) bytes, sha256 \(sum) \(sum == expected ? "matches the VM" : "DIFFERS from the VM's \(expected)")")
    }
    _ = try? await settings.connection.run("rm -f \(Self.stagedDump) \(Self.stagedVolume)")
    lines.append(allMatch ? "Keep these files somewhere safe and offline before retiring Fly." : "The copy is damaged: run download_backups again.")
    return ToolOutput(lines.joined(separator: "\n"), facts: allMatch ? [.offlineCopySaved] : [], isError: !allMatch)
  }
}
