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
      privileged test -f \(HostScript.quote(dumpPath)) || { echo "no final dump at \(dumpPath)" >&2; exit 3; }
      privileged install -m 600 -o "$(id -u)" \(HostScript.quote(dumpPath)) \(Self.stagedDump)
      \(volumePath.map { "privileged tar -C \(HostScript.quote($0)) -czf \(Self.stagedVolume) . && privileged chown \"$(id -u)\" \(Self.stagedVolume) && chmod 600 \(Self.stagedVolume)" } ?? "")
      sha256sum \(Self.stagedDump) \(volumePath == nil ? "" : Self.stagedVolume)
      """
    let script = HostScript(
      playbook: "stage_backups", arguments: .object([("dumpPath", .string(dumpPath)), ("volumePath", .string(volumePath))]), body: body)
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
    for (remote, name) in [(Self.stagedDump, "final-\(stamp).dump")] + (volumePath == nil ? [] : [(Self.stagedVolume, "volume-\(stamp).tar.gz")]) {
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
