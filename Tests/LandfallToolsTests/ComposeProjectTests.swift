import Foundation
import LandfallCore
import LandfallFakes
import LandfallRigs
import LandfallFly
import LandfallModel
import LandfallTestSupport
import LandfallTools
import Testing

/// The Compose project for multi-group apps: read back by a real YAML parser, checked against the
/// Compose specification's schema, and played on the fake host.
@Suite(.ownThreads) struct ComposeProjectTests {
  @Test func aWebAndWorkerAppBecomesOneServicePerGroupFromOneBuild() async throws {
    let project = ComposeProject(blueprint: try await LandingSupport.blueprint(example: "chatterbox"))
    let parsed = try #require(try LandingSupport.parseYAML(project.yaml).first)
    #expect(parsed == project.json)
    let services = try #require(parsed["services"]?.objectValue)
    #expect(services.map(\.key) == ["release", "web", "worker"])
    #expect(services.filter { $0.value["build"] != nil }.map(\.key) == ["web"])
    #expect(Set(services.compactMap { $0.value["image"]?.stringValue }) == ["${LANDFALL_IMAGE:-chatterbox:latest}"], "a deploy picks the tag")
    #expect(parsed["services"]?["web"]?["ports"] == .strings(["127.0.0.1:${LANDFALL_HTTP_PORT:-3000}:3000", "127.0.0.1:${LANDFALL_OTHER_PORTS-9394}:9394"]),
      "a deploy moves the HTTP port and lets the others take free ports")
    #expect(parsed["services"]?["worker"]?["ports"] == nil)
    #expect(parsed["services"]?["worker"]?["command"] == .strings(["bundle", "exec", "sidekiq", "-q", "default", "-q", "mailers"]))
    #expect(parsed["services"]?["release"]?["profiles"] == .strings(["release"]))
    #expect(parsed["services"]?["release"]?["command"] == .strings(["bin/rails", "db:prepare"]))
    for (name, service) in services {
      #expect(service["env_file"] == .strings([HostTools.envFile]), "\(name)")
      #expect(service["environment"] == nil, "[env] values stay out of the file: \(name)")
      #expect(service["restart"] == .string(name == "release" ? "no" : "unless-stopped"), "\(name)")
    }
    #expect(project.httpUpstream?.group == "web")
    #expect(project.httpUpstream?.port == 3000)
    try validateAgainstComposeSchema(project.yaml)
  }

  @Test func theVolumeAndHealthCheckGoToTheGroupThatDeclaresThem() async throws {
    let project = ComposeProject(blueprint: try await LandingSupport.blueprint(example: "notes"), volumePaths: ["notes_data": "/mnt/notes"])
    let parsed = try #require(try LandingSupport.parseYAML(project.yaml).first)
    let app = try #require(parsed["services"]?["app"])
    #expect(app["volumes"] == .array([.object([("type", .string("bind")), ("source", .string("/mnt/notes")), ("target", .string("/data"))])]))
    let test = app["healthcheck"]?["test"]?.arrayValue?.compactMap(\.stringValue) ?? []
    #expect(test.first == "CMD-SHELL")
    #expect(test.last?.contains("http://127.0.0.1:8080/healthz") == true)
    #expect(app["healthcheck"]?["interval"] == .string("15s"))
    #expect(app["stop_signal"] == .string("SIGTERM"))
    #expect(app["stop_grace_period"] == .string("10s"))
    try validateAgainstComposeSchema(project.yaml)
  }

  @Test func awkwardValuesSurviveYAMLAndComposeInterpolation() async throws {
    let toml = """
      app = "Odd App!"
      [processes]
      web = "sh -c 'echo $HOME: yes # no' \\"on\\" 0755 ~ null"
      "job-runner" = "run --tab=\\"a\\tb\\" ünïcode"
      [http_service]
      internal_port = 8080
      processes = ["web"]
      [[services]]
      internal_port = 8080
      processes = ["job-runner"]
      [[services.ports]]
      port = 9000
      """
    let settings = FlyToolSettings(
      app: nil, appDirectory: "app",
      flyctl: FlyctlClient(runner: ScriptedCommandRunner(answers: [:]), location: .init(executable: "flyctl")),
      files: InMemoryFileSource(["app/fly.toml": toml, "app/Dockerfile": "FROM scratch\n"]))
    let project = ComposeProject(blueprint: try await AppBlueprint.load(settings))
    #expect(project.blueprint.name == "odd-app")
    let parsed = try #require(try LandingSupport.parseYAML(project.yaml).first)
    #expect(parsed == project.json)
    #expect(parsed["services"]?["web"]?["command"] == .strings(["sh", "-c", "echo $$HOME: yes # no", "on", "0755", "~", "null"]))
    #expect(parsed["services"]?["job-runner"]?["command"]?.arrayValue?.last == .string("ünïcode"))
    #expect(parsed["services"]?["job-runner"]?["ports"] == .strings(["127.0.0.1:${LANDFALL_OTHER_PORTS-8081}:8080"]), "a second group on the same port gets the next free one")
    try validateAgainstComposeSchema(project.yaml)
  }

  @Test func theHostToolBuildsOnceRunsTheReleaseOnceAndNginxReachesTheWebGroup() async throws {
    let host = FakeHost()
    let connection = HostConnection(connector: FakeHostConnector(host: host), target: SSHTarget(host: "vm", user: "cloud", identityFile: nil))
    let archive = ScriptedCommandRunner(answers: [:], fallback: .success(CommandResult(exitCode: 0, standardOutput: "dGFyCg==\n", standardError: "")))
    var tools: [String: any Tool] = [:]
    for tool in HostTools.all(connection, appDirectory: "app", runner: archive, fly: LandingSupport.settings(example: "chatterbox")) {
      tools[tool.spec.name] = tool
    }
    let context = ToolContext(vault: SecretVault())
    func run(_ name: String, _ arguments: JSONValue) async throws -> ToolOutput {
      try await #require(tools[name]).run(arguments, context: context)
    }
    let early = try await run("host_run_compose", .object([]))
    #expect(early.isError, "without Docker the project cannot be created")
    _ = try await run("host_install_docker", .object([]))
    _ = try await run("host_write_env_file", .object([("values", .object([("RAILS_ENV", .string("production"))]))]))
    let created = try await run("host_run_compose", .object([("start", .bool(false))]))
    #expect(!created.isError, "\(created.text)")
    _ = try await run("host_configure_nginx", .object([("port", .int(3000))]))
    #expect(try await run("host_health_check", .object([])).isError, "nothing serves before the start")
    let started = try await run("host_run_compose", .object([("start", .bool(true))]))
    #expect(!started.isError, "\(started.text)")
    #expect(!(try await run("host_health_check", .object([])).isError))
    let world = await host.snapshot
    #expect(world["releaseRuns"] == .int(1))
    #expect(world["images"] == .strings(["chatterbox:latest"]))
    #expect(world["containers"]?["chatterbox-worker-1"]?["running"] == .bool(true))
    let written = try #require(world["files"]?[ComposeProject.file]?["content"]?.stringValue)
    #expect(try LandingSupport.parseYAML(written).first?["services"]?["worker"] != nil)
    let script = try #require(await host.commands.last { $0.hasPrefix("# landfall:run_compose") })
    #expect(script.contains("sudo -n docker compose -f /srv/landfall/compose.yaml run --rm release"))
    #expect(script.contains("up -d --remove-orphans"))
  }

  private func validateAgainstComposeSchema(_ yaml: String) throws {
    let folder = try LandingSupport.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("compose.yaml")
    try yaml.write(to: file, atomically: true, encoding: .utf8)
    if let compose = try LandingSupport.run(["docker", "compose", "version"]), compose.status == 0 {
      let config = try #require(try LandingSupport.run(["docker", "compose", "-f", file.path, "config", "-q"]))
      #expect(config.status == 0, "docker compose config: \(config.errors)")
    }
    guard let checked = try LandingSupport.run(["check-jsonschema", "--builtin-schema", "vendor.compose-spec", file.path]) else {
      throw LandingSupport.Missing(program: "check-jsonschema")
    }
    #expect(checked.status == 0, "\(checked.output)\(checked.errors)\n\(yaml)")
  }
}
