import Foundation
import LandfallCore
import LandfallFakes
import LandfallModel
import LandfallTestSupport
import LandfallTools
import Testing

/// `host_release_command` for single-container apps: fly.toml's release command run once on the
/// VM against its database, before the app starts, played on the fake host.
@Suite(.ownThreads) struct ReleaseCommandTests {
  struct Bench {
    let host = FakeHost()
    let tools: [String: any Tool]

    init(example: String) {
      let connection = HostConnection(connector: FakeHostConnector(host: host), target: SSHTarget(host: "vm", user: "cloud", identityFile: nil))
      let archive = ScriptedCommandRunner(answers: [:], fallback: .success(CommandResult(exitCode: 0, standardOutput: "dGFyCg==\n", standardError: "")))
      var map: [String: any Tool] = [:]
      for tool in HostTools.all(connection, appDirectory: "app", runner: archive, fly: LandingSupport.settings(example: example)) {
        map[tool.spec.name] = tool
      }
      tools = map
    }

    func run(_ name: String, _ arguments: JSONValue) async throws -> ToolOutput {
      try await #require(tools[name]).run(arguments, context: ToolContext(vault: SecretVault()))
    }
  }

  @Test func theReleaseCommandRunsOnceWithTheEnvFileAgainstTheDatabaseAndReportsItsOutcome() async throws {
    let bench = Bench(example: "notes")
    #expect(HostTools.phases(for: "host_release_command") == [.migrateData])
    let release: JSONValue = .object([("image", .string("notes:1"))])
    let unready = try await bench.run("host_release_command", release)
    #expect(unready.isError && unready.facts.isEmpty, "no env file, no image: it never ran (\(unready.text))")

    _ = try await bench.run("host_install_docker", .object([]))
    _ = try await bench.run("host_write_env_file", .object([("values", .object([("PORT", .string("8080"))]))]))
    _ = try await bench.run("host_build_image", .object([("tag", .string("notes:1"))]))
    let noDatabase = try await bench.run("host_release_command", release)
    #expect(noDatabase.isError && noDatabase.facts == [.releaseCommandRan(succeeded: false)], "\(noDatabase.text)")
    #expect(noDatabase.text.contains("DATABASE_URL is not set"))

    _ = try await bench.run("host_install_postgres", .object([("database", .string("notes")), ("user", .string("notes"))]))
    let ran = try await bench.run("host_release_command", release)
    #expect(!ran.isError && ran.facts == [.releaseCommandRan(succeeded: true)], "\(ran.text)")
    #expect(ran.text.contains("release command: bin/notes migrate"))
    #expect(await bench.host.snapshot["releaseRuns"] == .int(1))

    let script = try #require(await bench.host.commands.last { $0.hasPrefix("# landfall:release_command") })
    #expect(script.contains("sudo -n docker run --rm --network host --env-file \(HostTools.envFile) 'notes:1' 'bin/notes' 'migrate'"))
    #expect(!script.contains(" -v "), "like Fly's release Machine, it mounts no volume")
    let syntax = Process()
    syntax.executableURL = URL(fileURLWithPath: "/bin/sh")
    syntax.arguments = ["-n", "-c", script]
    try syntax.run()
    syntax.waitUntilExit()
    #expect(syntax.terminationStatus == 0, "the script parses as POSIX shell")
  }

  @Test func wordsWithShellCharactersArePassedAsTheyAreAndAnAppWithoutOneRunsNothing() async throws {
    let script = HostPlaybooks.releaseScript(image: "app:2", command: ["sh", "-c", "echo \"$DATABASE_URL\" `id`; exit 4"])
    #expect(script.text.contains("'sh' '-c' 'echo \"$DATABASE_URL\" `id`; exit 4'"))
    #expect(script.text.contains("echo 'release command: sh -c echo \"$DATABASE_URL\" `id`; exit 4'"))
    let failed = HostPlaybooks.releaseSummary(SSHExecResult(
      exitStatus: 4, standardOutput: Array("release command: x\nboom\nrelease command exit status: 4\n".utf8), standardError: []))
    #expect(failed.isError && failed.facts == [.releaseCommandRan(succeeded: false)] && failed.text.contains("boom"))

    let bench = Bench(example: "legacy-relay")
    _ = try await bench.run("host_install_docker", .object([]))
    let nothing = try await bench.run("host_release_command", .object([("image", .string("relay:1"))]))
    #expect(!nothing.isError && nothing.facts.isEmpty && nothing.text.contains("no release command"), "\(nothing.text)")
    await #expect(throws: ToolFailure.self) { try await bench.run("host_release_command", .object([("image", .string("x; rm -rf /"))])) }
  }
}
