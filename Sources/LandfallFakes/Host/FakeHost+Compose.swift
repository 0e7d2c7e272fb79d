internal import LandfallCore
internal import LandfallModel
internal import LandfallTools

extension FakeHost {
  /// Plays `host_run_compose`: keeps the compose file, builds the image once, counts release runs,
  /// and creates (or starts) one container per service with its loopback ports.
  func runCompose(_ arguments: JSONValue, script: String, input: String) -> SSHExecResult {
    guard list("packages").contains("docker-compose-v2") else { return Self.fail(127, "docker: 'compose' is not a docker command.") }
    guard world["files"]?[HostTools.envFile] != nil else { return Self.fail(3, "\(HostTools.envFile) is missing: write the env file first") }
    let image = arguments["image"]?.stringValue ?? ""
    if arguments["build"]?.boolValue == true {
      guard !input.isEmpty else { return Self.fail(1, "tar: This does not look like a tar archive") }
      add("images", image)
    } else if !list("images").contains(image) {
      add("images", image)
    }
    guard let yaml = Self.heredoc(in: script, delimiter: "LANDFALL_COMPOSE_END"), yaml.hasPrefix("name: ") else {
      return Self.fail(15, "validating \(ComposeProject.file): the compose file is empty or has no project name")
    }
    write(ComposeProject.file, yaml, mode: 0o644)
    if arguments["release"]?.boolValue == true { countReleaseRun() }
    let project = arguments["project"]?.stringValue ?? "app"
    let start = arguments["start"]?.boolValue ?? false
    var rows: [String] = []
    for service in (arguments["services"]?.arrayValue ?? []).compactMap(\.stringValue) {
      let ports = arguments["ports"]?[service] ?? .array([])
      set("containers", "\(project)-\(service)-1", .object([
        ("image", .string(image)), ("ports", ports), ("running", .bool(start)), ("compose", .string(project)),
      ]))
      rows.append("\(service) \(start ? "running" : "created")")
    }
    return Self.ok(rows.joined(separator: "\n") + "\n")
  }

  /// Plays `host_release_command`: the release command "runs" in a throwaway container of an
  /// image built on the host, with the env file; it fails as a migration would without DATABASE_URL.
  func runRelease(_ arguments: JSONValue) -> SSHExecResult {
    let command = (arguments["command"]?.arrayValue ?? []).compactMap(\.stringValue)
    guard !command.isEmpty else { return Self.ok("fly.toml has no release command: nothing to run\n") }
    guard let env = world["files"]?[HostTools.envFile]?["content"]?.stringValue else {
      return Self.fail(3, "\(HostTools.envFile) is missing: write the env file first")
    }
    let image = arguments["image"]?.stringValue ?? ""
    guard list("packages").contains("docker.io"), list("images").contains(image) else {
      return Self.fail(3, "the image \(image) is not on the VM: build it first")
    }
    let heading = "release command: \(command.joined(separator: " "))\n"
    guard env.split(separator: "\n").contains(where: { $0.hasPrefix("DATABASE_URL=") }) else {
      let output = heading + "error: DATABASE_URL is not set\nrelease command exit status: 1\n"
      return SSHExecResult(exitStatus: 1, standardOutput: Array(output.utf8), standardError: [])
    }
    countReleaseRun()
    return Self.ok(heading + "migrations are up to date\nrelease command exit status: 0\n")
  }

  private func countReleaseRun() {
    world = world.setting("releaseRuns", to: .int((world["releaseRuns"]?.intValue ?? 0) + 1))
  }

  /// The lines between `<<'DELIMITER'` and the line holding only `DELIMITER`.
  static func heredoc(in script: String, delimiter: String) -> String? {
    let lines = script.split(separator: "\n", omittingEmptySubsequences: false)
    guard let open = lines.firstIndex(where: { $0.hasSuffix("<<'\(delimiter)'") }),
      let close = lines[(open + 1)...].firstIndex(where: { $0 == delimiter })
    else { return nil }
    return lines[(open + 1)..<close].map { $0 + "\n" }.joined()
  }
}
