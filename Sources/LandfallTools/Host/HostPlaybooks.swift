internal import LandfallCore
internal import LandfallModel
internal import LandfallPolicy

/// The Phase 3 playbooks. Each script is idempotent and quotes every value from the model.
public enum HostPlaybooks {
  static func spec(_ name: String, _ description: String, _ properties: [(String, JSONValue)], required: [String] = [], secrets: Bool = false)
    -> ToolSpec
  {
    ToolSpec(
      name: name, description: description, inputSchema: Schema.object(properties, required: required), effect: .write,
      acceptsSecrets: secrets)
  }

  static func fixed(_ script: HostScript) -> @Sendable (JSONValue, ToolContext) async throws(ToolFailure) -> HostPlaybookTool.Plan {
    { _, _ in HostPlaybookTool.Plan(script: script, input: []) }
  }

  /// `host_install_docker`: Docker Engine and the compose plugin from the distribution.
  public static func installDocker(_ connection: HostConnection) -> HostPlaybookTool {
    let body = """
      if ! command -v docker >/dev/null 2>&1; then
        export DEBIAN_FRONTEND=noninteractive
        sudo -n apt-get update -qq
        sudo -n apt-get install -y -qq docker.io docker-compose-v2 >/dev/null
      fi
      sudo -n systemctl enable --now docker >/dev/null 2>&1 || true
      docker --version
      docker compose version
      """
    return HostPlaybookTool(
      spec: spec("host_install_docker", "Install Docker Engine and the compose plugin on the VM (does nothing if present).", []),
      connection: connection, plan: fixed(HostScript(playbook: "install_docker", arguments: .object([]), body: body)),
      summarize: HostPlaybookTool.standardSummary("Docker is installed"))
  }

  /// `host_mount_volume`: the attached data disk, formatted only when empty, mounted by UUID.
  public static func mountVolume(_ connection: HostConnection) -> HostPlaybookTool {
    HostPlaybookTool(
      spec: spec(
        "host_mount_volume", "Find the attached block storage disk, make an ext4 filesystem only if it has none, and mount it by UUID (through fstab) at the path the container expects.",
        [("path", Schema.string("mount point, e.g. /data")), ("device", Schema.string("disk device; found automatically when omitted"))],
        required: ["path"]),
      connection: connection,
      plan: { arguments, _ throws(ToolFailure) in
        let path = arguments["path"]?.stringValue ?? ""
        guard path.hasPrefix("/"), path != "/", !path.contains(where: { $0.isWhitespace || $0.isNewline }) else {
          throw .invalidArguments("path must be an absolute path other than /, without spaces")
        }
        let device = arguments["device"]?.stringValue
        let find = device.map { "disk=\(HostScript.quote($0))" } ?? """
          disk=$(lsblk -dpno NAME,TYPE | awk '$2=="disk"{print $1}' | while read d; do
            if [ -z "$(lsblk -no MOUNTPOINT "$d" | tr -d '[:space:]')" ] && [ "$(lsblk -no NAME "$d" | wc -l)" -eq 1 ]; then echo "$d"; fi
          done | head -n1)
          """
        let body = """
          \(find)
          [ -n "$disk" ] || { echo "no unused disk is attached" >&2; exit 3; }
          if ! sudo -n blkid "$disk" >/dev/null 2>&1; then sudo -n mkfs.ext4 -q "$disk"; fi
          uuid=$(sudo -n blkid -s UUID -o value "$disk")
          sudo -n mkdir -p \(HostScript.quote(path))
          grep -q "UUID=$uuid" /etc/fstab || printf 'UUID=%s %s ext4 defaults,nofail 0 2\n' "$uuid" \(HostScript.quote(path)) | sudo -n tee -a /etc/fstab >/dev/null
          sudo -n mount -a
          findmnt -no SOURCE,TARGET,SIZE \(HostScript.quote(path))
          """
        return HostPlaybookTool.Plan(script: HostScript(playbook: "mount_volume", arguments: .object([("path", .string(path))]), body: body), input: [])
      },
      summarize: HostPlaybookTool.standardSummary("the volume is mounted"))
  }

  /// `host_write_env_file`: the env file keyed by the Fly secret names; values travel on standard
  /// input, never in the command, and the file is mode 0600. A new env file changes what the app
  /// runs against (its database, its settings), so it is observed as a change to the server:
  /// the release, the row counts and the health check are due again.
  public static func writeEnvFile(_ connection: HostConnection) -> HostPlaybookTool {
    HostPlaybookTool(
      spec: spec(
        "host_write_env_file", "Write the app's env file on the VM (mode 0600) from NAME -> value, where values are {{secret:NAME}} handles or plain settings. Values are never echoed.",
        [("values", .object([("type", .string("object")), ("additionalProperties", .object([("type", .string("string"))]))]))],
        required: ["values"], secrets: true),
      action: { .setsEnvironment(($0["values"]?.objectValue ?? []).map(\.key)) }, connection: connection,
      plan: { arguments, _ throws(ToolFailure) in
        let pairs = arguments["values"]?.objectValue ?? []
        guard pairs.allSatisfy({ name, _ in name.isVariableName }) else {
          throw .invalidArguments("env names must be letters, digits and _")
        }
        let lines = pairs.map { name, value in "\(name)=\((value.stringValue ?? "").replacing("\n", with: "\\n"))\n" }.joined()
        let body = """
          sudo -n mkdir -p /srv/landfall
          sudo -n chmod 700 /srv/landfall
          umask 077
          sudo -n sh -c 'cat > \(HostTools.envFile).new && chmod 600 \(HostTools.envFile).new && mv \(HostTools.envFile).new \(HostTools.envFile)'
          echo "wrote \(pairs.count) variable(s) to \(HostTools.envFile)"
          """
        let names: JSONValue = .strings(pairs.map(\.key))
        return HostPlaybookTool.Plan(
          script: HostScript(playbook: "write_env_file", arguments: .object([("names", names)]), body: body), input: Array(lines.utf8))
      },
      summarize: { arguments, result in
        let names = (arguments["values"]?.objectValue ?? []).map(\.key).joined(separator: ", ")
        var output = HostPlaybookTool.standardSummary("env file written with \(names) (values not shown)")(arguments, result)
        if !output.isError { output.facts.append(.serverChanged) }
        return output
      })
  }
}
