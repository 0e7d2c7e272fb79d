public import LandfallCore
internal import LandfallModel

extension HostPlaybooks {
  /// The app's committed tree (`git archive HEAD`), base64 encoded for a script's standard input.
  static func committedTree(appDirectory: String, runner: any CommandRunner) async throws(ToolFailure) -> [UInt8] {
    let archive: CommandResult
    do {
      archive = try await runner.run(CommandRequest(
        executable: "sh", arguments: ["-c", "if (set -o pipefail) 2>/dev/null; then set -o pipefail; fi; git -C \"$1\" archive --format=tar HEAD | base64 -w 76", "sh", appDirectory],
        timeout: .seconds(120)))
    } catch {
      throw .unavailable(error.description)
    }
    guard archive.succeeded, !archive.standardOutput.isEmpty else { throw .failed("git archive failed in \(appDirectory): \(archive.standardError)") }
    return Array(archive.standardOutput.utf8)
  }

  /// `host_run_compose`: the app's Compose project (generated from fly.toml, one service per
  /// process group) written to the VM, its image built once from the committed code, and the
  /// services created; with `start`, the release command runs once and then the services start.
  public static func runCompose(_ connection: HostConnection, settings: FlyToolSettings, runner: any CommandRunner) -> HostPlaybookTool {
    HostPlaybookTool(
      spec: spec(
        "host_run_compose",
        "For an app with several process groups: write its Compose project to the VM (one service per group, one image built from the committed code, the env file, volumes, ports on 127.0.0.1), build it and create the services. Keep start=false until the data is migrated; start=true runs the release command once, then starts every service.",
        [
          ("start", Schema.boolean("start the services (after the release command)")),
          ("release", Schema.boolean("run the release command first; default: the same as start")),
          ("volumePaths", .object([
            ("type", .string("object")), ("additionalProperties", .object([("type", .string("string"))])),
            ("description", .string("volume name -> host path where its block storage is mounted (default: the container's path)")),
          ])),
        ]),
      action: { arguments in
        let start = arguments["start"]?.boolValue ?? false
        return start ? .startApp(runsReleaseFirst: arguments["release"]?.boolValue ?? true) : .prepareApp
      },
      connection: connection,
      plan: { arguments, _ throws(ToolFailure) in
        let blueprint = try await AppBlueprint.load(settings)
        var paths: [String: String] = [:]
        for pair in arguments["volumePaths"]?.objectValue ?? [] {
          let path = pair.value.stringValue ?? ""
          guard path.hasPrefix("/"), path != "/", !path.contains(where: { $0.isWhitespace }) else {
            throw .invalidArguments("volumePaths.\(pair.key) must be an absolute path other than /, without spaces")
          }
          paths[pair.key] = path
        }
        let project = ComposeProject(blueprint: blueprint, volumePaths: paths)
        let start = arguments["start"]?.boolValue ?? false
        let release = (arguments["release"]?.boolValue ?? start) && blueprint.releaseCommand != nil
        let input = project.builds ? try await committedTree(appDirectory: settings.appDirectory, runner: runner) : []
        return HostPlaybookTool.Plan(script: composeScript(project, start: start, release: release), input: input)
      },
      summarize: { arguments, result in
        let started = arguments["start"]?.boolValue ?? false
        return HostPlaybookTool.standardSummary(started ? "the Compose services are running" : "the Compose services are built and created, not started")(arguments, result)
      })
  }

  static func composeScript(_ project: ComposeProject, start: Bool, release: Bool) -> HostScript {
    let compose = "sudo -n docker compose -f \(ComposeProject.file)"
    var lines = [
      "[ -f \(HostTools.envFile) ] || { echo \"\(HostTools.envFile) is missing: write the env file first\" >&2; exit 3; }",
      "sudo -n mkdir -p \(ComposeProject.directory)",
    ]
    if project.builds {
      lines.append("sudo -n rm -rf \(ComposeProject.buildContext) && sudo -n mkdir -p \(ComposeProject.buildContext)")
      lines.append("base64 -d | sudo -n tar -x -C \(ComposeProject.buildContext)")
    }
    lines.append("sudo -n tee \(ComposeProject.file).new >/dev/null <<'LANDFALL_COMPOSE_END'")
    lines.append(project.yaml + "LANDFALL_COMPOSE_END")
    for path in Set(project.volumePaths.values).sorted() { lines.append("sudo -n mkdir -p \(HostScript.quote(path))") }
    lines.append("sudo -n mv \(ComposeProject.file).new \(ComposeProject.file)")
    lines.append("\(compose) config -q")
    if project.builds { lines.append("\(compose) build -q") }
    if release { lines.append("\(compose) run --rm \(ComposeProject.releaseService)") }
    lines.append(start ? "\(compose) up -d --remove-orphans" : "\(compose) up --no-start --remove-orphans")
    lines.append("\(compose) ps -a --format '{{.Service}} {{.State}} {{.Ports}}'")
    if let upstream = project.httpUpstream {
      lines.append("echo \"nginx should proxy to 127.0.0.1:\(upstream.port) (process group \(upstream.group))\"")
    }
    let ports: JSONValue = .object(project.serviceNames.map { name in
      (key: name, value: .array(project.published.filter { $0.group == name }.map { .int($0.hostPort) }))
    })
    let header: JSONValue = .object([
      ("project", .string(project.blueprint.name)), ("image", .string(project.imageTag)), ("build", .bool(project.builds)),
      ("services", .strings(project.serviceNames)), ("ports", ports), ("release", .bool(release)), ("start", .bool(start)),
      ("httpPort", project.httpUpstream.map { .int($0.port) } ?? .null),
    ])
    return HostScript(playbook: "run_compose", arguments: header, body: lines.joined(separator: "\n"))
  }
}
