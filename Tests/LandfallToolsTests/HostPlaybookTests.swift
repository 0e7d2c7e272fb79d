import LandfallCore
import LandfallFakes
import LandfallModel
import LandfallPolicy
import LandfallTestSupport
import LandfallTools
import Testing

@Suite(.ownThreads) struct HostPlaybookTests {
  struct Bench {
    let host = FakeHost()
    let vault = SecretVault()
    let tools: [String: any Tool]

    init() async {
      let connection = HostConnection(connector: FakeHostConnector(host: host), target: SSHTarget(host: "vm", user: "cloud", identityFile: nil))
      var map: [String: any Tool] = [:]
      for tool in HostTools.all(connection, appDirectory: "/nonexistent", runner: ScriptedCommandRunner(answers: [:])) {
        map[tool.spec.name] = tool
      }
      tools = map
      try? await vault.store("SESSION_SECRET", Secret("canary-session-value-42"), origin: .person)
    }

    func run(_ name: String, _ arguments: JSONValue) async throws -> ToolOutput {
      guard let tool = tools[name] else { throw ToolFailure.failed("no tool \(name)") }
      return try await tool.run(arguments, context: ToolContext(vault: vault))
    }
  }

  @Test func thePhaseThreePlaybooksBuildTheServerAndAreIdempotent() async throws {
    let bench = await Bench()
    let steps: [(String, JSONValue)] = [
      ("host_install_docker", .object([])),
      ("host_mount_volume", .object([("path", .string("/data"))])),
      ("host_write_env_file", .object([("values", .object([("SESSION_SECRET", .string("canary-session-value-42")), ("PORT", .string("8080"))]))])),
      ("host_install_postgres", .object([("database", .string("notes")), ("user", .string("notes"))])),
      ("host_configure_nginx", .object([("port", .int(8080))])),
    ]
    for round in 1...2 {
      for (name, arguments) in steps {
        let output = try await bench.run(name, arguments)
        #expect(!output.isError, "round \(round) \(name): \(output.text)")
      }
    }
    let world = await bench.host.snapshot
    #expect(world["mounts"]?.objectValue?.count == 1)
    #expect(world["formatted"] == .strings(["/dev/vdb"]))
    let env = world["files"]?[HostTools.envFile]
    #expect(env?["mode"] == .int(0o600))
    let content = env?["content"]?.stringValue ?? ""
    #expect(content.contains("SESSION_SECRET=canary-session-value-42\n"))
    #expect(content.components(separatedBy: "DATABASE_URL=").count == 2)
    #expect(await bench.vault.names.contains("VM_DATABASE_PASSWORD"))
    let scripts = await bench.host.commands.joined()
    #expect(!scripts.contains("canary-session-value-42"))
    let password = await bench.vault.reveal("VM_DATABASE_PASSWORD")?.withValue { $0 } ?? "missing"
    #expect(!scripts.contains(password))
  }

  @Test func theAppAnswersThroughNginxOnlyOnceItsContainerRuns() async throws {
    let bench = await Bench()
    _ = try await bench.run("host_install_docker", .object([]))
    _ = try await bench.run("host_write_env_file", .object([("values", .object([("PORT", .string("8080"))]))]))
    let missing = try await bench.run("host_run_container", .object([("name", .string("app")), ("image", .string("notes:1")), ("ports", .array([.int(8080)]))]))
    #expect(missing.isError)
    #expect(missing.text.contains("Unable to find image"))
    _ = try await bench.host.exec("# landfall:build_image {\"tag\":\"notes:1\"}\n", input: Array("dGFy\n".utf8))
    _ = try await bench.run("host_configure_nginx", .object([("port", .int(8080))]))
    _ = try await bench.run("host_run_container", .object([("name", .string("app")), ("image", .string("notes:1")), ("ports", .array([.int(8080)]))]))
    let held = try await bench.run("host_health_check", .object([("path", .string("/healthz"))]))
    #expect(held.facts == [.healthCheck(passed: false)])
    _ = try await bench.run("host_run_container", .object([
      ("name", .string("app")), ("image", .string("notes:1")), ("ports", .array([.int(8080)])), ("start", .bool(true)),
    ]))
    let healthy = try await bench.run("host_health_check", .object([("path", .string("/healthz"))]))
    #expect(healthy == ToolOutput("healthy: HTTP 200 through nginx", facts: [.healthCheck(passed: true)]))
  }

  @Test func rawCommandsAreReadOnlyOnlyWhenTheyOnlyLook() throws {
    let tool = HostExecTool(connection: HostConnection(connector: FakeHostConnector(host: FakeHost()), target: nil))
    for command in ["df -h", "docker ps -a", "journalctl -u nginx -n 50", "cat /etc/os-release", "ls /srv"] {
      #expect(tool.effect(for: .object([("command", .string(command))])) == .read, "\(command)")
    }
    for command in ["rm -rf /srv", "cat /etc/passwd; rm -rf /", "ls $(reboot)", "docker ps && reboot", "apt-get install x", "cat a > b"] {
      #expect(tool.effect(for: .object([("command", .string(command))])) == .write, "\(command)")
    }
  }

  @Test func aReadOnlyCurlIgnoresAnyCurlrcARawWriteCouldHaveLeft() async throws {
    let host = FakeHost()
    let connection = HostConnection(connector: FakeHostConnector(host: host), target: nil)
    await connection.use(SSHTarget(host: "203.0.113.10", user: "cloud", identityFile: nil))
    let tool = HostExecTool(connection: connection)
    _ = try await tool.run(.object([("command", .string("curl -fsS http://127.0.0.1:8080/health"))]), context: ToolContext(vault: SecretVault()))
    let ran = await host.commands.joined(separator: "\n")
    #expect(ran.contains(#""argv":["curl","-q","-fsS","http://127.0.0.1:8080/health"]"#), "\(ran)")
    #expect(ran.contains("exec timeout 120 'curl' '-q' '-fsS'"), "an inspection that never ends is stopped: \(ran)")
  }

  @Test func withoutAServerTheToolsSaySoInsteadOfFailingObscurely() async throws {
    let tool = HostExecTool(connection: HostConnection(connector: FakeHostConnector(host: FakeHost()), target: nil))
    await #expect(throws: ToolFailure.invalidArguments("no server is connected yet: call host_connect with the VM's address and key path")) {
      _ = try await tool.run(.object([("command", .string("df"))]), context: ToolContext(vault: SecretVault()))
    }
  }
}
