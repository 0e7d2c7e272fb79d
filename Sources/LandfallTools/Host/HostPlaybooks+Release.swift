public import LandfallCore
internal import LandfallModel

extension HostPlaybooks {
  /// `host_release_command`: fly.toml's `[deploy] release_command` run once in a throwaway
  /// container of the app's image, with the env file, on the VM's network so that DATABASE_URL
  /// (127.0.0.1:5432) reaches the restored database. Like Fly's release Machine it mounts no volume.
  /// The app container starts after it (Compose apps run it inside `host_run_compose`).
  public static func releaseCommand(_ connection: HostConnection, settings: FlyToolSettings) -> HostPlaybookTool {
    HostPlaybookTool(
      spec: spec(
        "host_release_command",
        "Run the app's release command (fly.toml [deploy] release_command, e.g. database migrations) once on the VM in a throwaway container of the app image, with the env file, against the restored database. Run it after the data is copied and verified and before the app container starts.",
        [("image", Schema.string("the image tag built on the VM (host_build_image)"))], required: ["image"]),
      action: { .all([.prepareApp, .runsImage($0["image"]?.stringValue ?? "", on: .vm)]) }, connection: connection,
      plan: { arguments, _ throws(ToolFailure) in
        let image = arguments["image"]?.stringValue ?? ""
        guard !image.isEmpty, image.allSatisfy({ $0.isLetter || $0.isNumber || ":._-/@".contains($0) }) else {
          throw .invalidArguments("image must be an image tag such as app:latest")
        }
        let words = try await AppBlueprint.load(settings).releaseCommand ?? []
        return HostPlaybookTool.Plan(script: releaseScript(image: image, command: words), input: [])
      },
      summarize: { _, result in releaseSummary(result) })
  }

  /// The script: checks the env file and the image, then runs `command` (nothing when empty).
  public static func releaseScript(image: String, command: [String]) -> HostScript {
    let header: JSONValue = .object([("image", .string(image)), ("command", .strings(command))])
    guard !command.isEmpty else {
      return HostScript(playbook: "release_command", arguments: header, body: "echo 'fly.toml has no release command: nothing to run'")
    }
    let quotedImage = HostScript.quote(image)
    let body = """
      [ -f \(HostTools.envFile) ] || { echo "\(HostTools.envFile) is missing: write the env file first" >&2; exit 3; }
      sudo -n docker image inspect \(quotedImage) >/dev/null 2>&1 || { echo "the image \(image) is not on the VM: build it first" >&2; exit 3; }
      echo \(HostScript.quote("release command: " + command.joined(separator: " ")))
      status=0
      sudo -n docker run --rm --network host --env-file \(HostTools.envFile) \(quotedImage) \(command.map(HostScript.quote).joined(separator: " ")) 2>&1 || status=$?
      echo "release command exit status: $status"
      exit "$status"
      """
    return HostScript(playbook: "release_command", arguments: header, body: body)
  }

  /// The release command's last lines of output and the fact of its outcome.
  public static func releaseSummary(_ result: SSHExecResult) -> ToolOutput {
    let output = result.output.split(separator: "\n", omittingEmptySubsequences: false).suffix(30).joined(separator: "\n")
    if result.output.contains("has no release command") { return ToolOutput(output) }
    guard result.output.contains("release command exit status:") else {
      return HostPlaybookTool.standardSummary("")(.null, result)
    }
    guard result.exitStatus == 0 else {
      let errors = result.errors.split(separator: "\n").suffix(12).joined(separator: "\n")
      return ToolOutput(
        "the release command failed (exit status \(result.exitStatus)); do not start the app until it passes:\n\(output)\(errors.isEmpty ? "" : "\n\(errors)")",
        facts: [.releaseCommandRan(succeeded: false)], isError: true)
    }
    return ToolOutput("the release command ran against the VM's database:\n\(output)", facts: [.releaseCommandRan(succeeded: true)])
  }
}
