public import LandfallCore
internal import LandfallModel

extension HostPlaybooks {
  /// `host_health_check`: the app through nginx on the VM; the result is a fact for the DNS rule.
  public static func healthCheck(_ connection: HostConnection) -> HostPlaybookTool {
    HostPlaybookTool(
      spec: ToolSpec(
        name: "host_health_check", description: "Request a path through nginx on the VM (http://127.0.0.1/PATH) and report the status code.",
        inputSchema: Schema.object([("path", Schema.string("path, default /"))]), effect: .read),
      connection: connection,
      plan: { arguments, _ throws(ToolFailure) in
        let path = arguments["path"]?.stringValue ?? "/"
        guard path.hasPrefix("/"), !path.contains(where: { $0.isWhitespace }) else { throw .invalidArguments("path must start with / and have no spaces") }
        let body = "curl -s -o /dev/null -m 10 -w '%{http_code}' " + HostScript.quote("http://127.0.0.1" + path)
        return HostPlaybookTool.Plan(script: HostScript(playbook: "health_check", arguments: .object([("path", .string(path))]), body: body), input: [])
      },
      summarize: { _, result in
        let code = Int(result.output.trimmingCharacters(in: " \n")) ?? 0
        let passed = (200..<400).contains(code)
        return ToolOutput(
          passed ? "healthy: HTTP \(code) through nginx" : "not healthy: HTTP \(code == 0 ? "no answer" : String(code)) through nginx",
          facts: [.healthCheck(passed: passed)], isError: !passed)
      })
  }

  /// `host_logs`: the last lines of a container's log.
  public static func logs(_ connection: HostConnection) -> HostPlaybookTool {
    HostPlaybookTool(
      spec: ToolSpec(
        name: "host_logs", description: "Show the last lines of the app container's log on the VM.",
        inputSchema: Schema.object([("name", Schema.string("container name")), ("lines", Schema.integer("how many, default 50", minimum: 1))], required: ["name"]),
        effect: .read),
      connection: connection,
      plan: { arguments, _ throws(ToolFailure) in
        let lines = min(arguments["lines"]?.intValue ?? 50, 500)
        let name = arguments["name"]?.stringValue ?? ""
        let body = "docker logs --tail \(lines) \(HostScript.quote(name)) 2>&1"
        return HostPlaybookTool.Plan(script: HostScript(playbook: "logs", arguments: .object([("name", .string(name)), ("lines", .int(lines))]), body: body), input: [])
      },
      summarize: { _, result in ToolOutput(result.output.isEmpty ? "(no log lines)" : result.output, isError: result.exitStatus != 0) })
  }

  /// `host_build_image`: the committed tree (`git archive HEAD`) sent over SSH and built on the VM.
  public static func buildImage(_ connection: HostConnection, appDirectory: String, runner: any CommandRunner) -> HostPlaybookTool {
    HostPlaybookTool(
      spec: spec(
        "host_build_image", "Send the app's committed code (git archive of HEAD) to the VM and build the image there with docker build.",
        [("tag", Schema.string("image tag, e.g. app:latest")), ("dockerfile", Schema.string("Dockerfile path in the repo"))], required: ["tag"]),
      action: { _ in .prepareApp }, connection: connection,
      plan: { arguments, _ throws(ToolFailure) in
        let tag = arguments["tag"]?.stringValue ?? ""
        guard !tag.isEmpty, tag.allSatisfy({ $0.isLetter || $0.isNumber || ":._-/".contains($0) }) else {
          throw .invalidArguments("tag must look like name:version")
        }
        let encoded = try await committedTree(appDirectory: appDirectory, runner: runner)
        let dockerfile = arguments["dockerfile"]?.stringValue ?? "Dockerfile"
        let body = """
          rm -rf /tmp/landfall-build && mkdir -p /tmp/landfall-build
          base64 -d | tar -x -C /tmp/landfall-build
          docker build -q -t \(HostScript.quote(tag)) -f /tmp/landfall-build/\(HostScript.quote(dockerfile)) /tmp/landfall-build
          """
        return HostPlaybookTool.Plan(
          script: HostScript(playbook: "build_image", arguments: .object([("tag", .string(tag))]), body: body), input: encoded)
      },
      summarize: { arguments, result in
        var output = HostPlaybookTool.standardSummary("image built")(arguments, result)
        if !output.isError, let tag = arguments["tag"]?.stringValue { output.facts.append(.imageReady(tag, .vm)) }
        return output
      })
  }
}
