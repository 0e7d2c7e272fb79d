import Foundation
import LandfallCore
import LandfallFakes
import LandfallRigs
import LandfallModel
import LandfallTestSupport
import LandfallTools
import Testing

@Suite(.ownThreads) struct DeployScriptTests {
  static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("examples").path

  static let hostile = DeployApp(
    name: "My.app-2", internalPort: 3000, httpGroup: "web", healthPath: "/up?check=$(reboot)",
    releaseCommand: ["sh", "-c", "echo \"$HOME\"; rm -rf / `id` 'quoted'"],
    groups: [
      DeployApp.Group(name: "web", command: ["bin/web", "--name", "a b", "$PATH", "*"]),
      DeployApp.Group(
        name: "worker", command: ["bin/worker", "it's", "\\back"],
        mounts: [Inventory.Mount(source: "data", destination: "/srv/my data/$(x)", processes: ["worker"])]),
    ],
    envFile: "/srv/landfall/app.env")

  func run(_ program: String, _ arguments: [String], input: String) throws -> (status: Int32, output: String) {
    let process = Process()
    let output = Pipe()
    let inputPipe = Pipe()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [program] + arguments
    process.standardInput = inputPipe
    process.standardOutput = output
    process.standardError = output
    try process.run()
    try? inputPipe.fileHandleForWriting.write(contentsOf: Data(input.utf8))
    try inputPipe.fileHandleForWriting.close()
    let data = output.fileHandleForReading.readAllSurvivingInterrupts()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  func exampleFiles(_ name: String) throws -> InMemoryFileSource {
    let directory = Self.examples + "/" + name
    return InMemoryFileSource([directory + "/fly.toml": try String(contentsOfFile: directory + "/fly.toml", encoding: .utf8)])
  }

  func example(_ name: String) throws -> DeployApp {
    try DeployApp.read(appDirectory: Self.examples + "/" + name, files: try exampleFiles(name))
  }

  @Test(arguments: ["notes", "chatterbox", "injected", "hostile"])
  func renderedScriptsAreShellcheckClean(_ name: String) throws {
    let app = name == "hostile" ? Self.hostile : try example(name)
    let script = try DeployScript.render(app)
    let checked = try run("shellcheck", ["--shell=bash", "--severity=style", "-"], input: script)
    #expect(checked.status == 0, "\(checked.output)")
    #expect(checked.output.isEmpty)
  }

  @Test func everyValueComesBackFromTheShellExactlyAsGiven() throws {
    let script = try DeployScript.render(Self.hostile)
    let probe = """
      eval "$(sed -n '/^# The app, as fly.toml/,/^}$/p')"
      printf '<%s>' "$APP" "$IMAGE" "$HEALTH_PATH" "${RELEASE_COMMAND[@]}"; echo
      for group in "${PROCESS_GROUPS[@]}"; do group_settings "$group"; printf '<%s>' "$group" "${COMMAND[@]}" "${VOLUMES[@]}"; echo; done
      """
    let result = try run("bash", ["-c", probe], input: script)
    let expected = """
      <My.app-2><my.app-2></up?check=$(reboot)><sh><-c><echo "$HOME"; rm -rf / `id` 'quoted'>
      <web><bin/web><--name><a b><$PATH><*>
      <worker><bin/worker><it's><\\back><-v></srv/my data/$(x):/srv/my data/$(x)>

      """
    #expect(result.status == 0, "\(result.output)")
    #expect(result.output == expected)
  }

  @Test func notesReadsItsHealthCheckReleaseCommandAndVolume() throws {
    let app = try example("notes")
    #expect(app.name == "notes-demo")
    #expect(app.httpGroup == "app")
    #expect(app.internalPort == 8080)
    #expect(app.healthPath == "/healthz")
    #expect(app.releaseCommand == ["bin/notes", "migrate"])
    #expect(app.killTimeoutSeconds == 10)
    #expect(app.groups == [DeployApp.Group(name: "app", command: [], mounts: [Inventory.Mount(source: "notes_data", destination: "/data", processes: ["app"])])])
    let script = try DeployScript.render(app)
    #expect(script.contains("VOLUMES=(-v '/data:/data')"))
    #expect(script.contains("DEFAULT_PORTS='18080 18081'"))
  }

  @Test func chatterboxDeploysEveryGroupWithItsOwnCommand() throws {
    let app = try example("chatterbox")
    #expect(app.httpGroup == "web")
    #expect(app.internalPort == 3000)
    #expect(app.healthPath == nil)
    #expect(app.groups.map(\.name) == ["web", "worker"])
    #expect(app.groups.map(\.command) == [["bundle", "exec", "puma", "-C", "config/puma.rb"], ["bundle", "exec", "sidekiq", "-q", "default", "-q", "mailers"]])
    let script = try DeployScript.render(app)
    #expect(script.contains("PROCESS_GROUPS=('web' 'worker')"))
    #expect(script.contains("HEALTH_CODES='^[1-4]'"))
  }

  @Test func anAppThatOnlyShipsAPrebuiltImageIsToldToAddADockerfile() throws {
    #expect(throws: DeployScriptError.prebuiltImage("ghcr.io/example/relay:2.4.1")) { try example("legacy-relay") }
  }

  @Test func valuesTheScriptCannotCarryAreRefusedWithTheReason() {
    var app = Self.hostile
    app.groups[0].name = "web;reboot"
    #expect(throws: DeployScriptError.self) { try DeployScript.render(app) }
    app = Self.hostile
    app.healthPath = "up"
    #expect(throws: DeployScriptError.badValue("health check path 'up'", "a path starting with / and without spaces")) { try DeployScript.render(app) }
    app = Self.hostile
    app.releaseCommand = ["migrate\nreboot"]
    #expect(throws: DeployScriptError.self) { try DeployScript.render(app) }
    #expect(throws: DeployScriptError.noAppName) { try DeployApp(config: .init()) }
  }

  @Test func theToolWritesOnceAndKeepsADifferentFileUnlessAskedToReplaceIt() async throws {
    let directory = Self.examples + "/notes"
    let writer = RecordingFileWriter()
    let tool = WriteDeployScriptTool(appDirectory: directory, files: try exampleFiles("notes"), writer: writer)
    #expect(tool.spec.effect == .write)
    let context = ToolContext(vault: SecretVault())
    let output = try await tool.run(.object([]), context: context)
    #expect(output.text.hasPrefix("wrote deploy.sh"))
    #expect(output.text.contains("release command: bin/notes migrate"))
    #expect(writer.writes.count == 1)
    #expect(writer.writes.first?.path == directory + "/deploy.sh")
    #expect(writer.writes.first?.executable == true)
    #expect(writer.writes.first?.text == (try DeployScript.render(try example("notes"))))

    let existing = InMemoryFileSource([directory + "/fly.toml": try String(contentsOfFile: directory + "/fly.toml", encoding: .utf8), directory + "/deploy.sh": "#!/bin/sh\necho mine\n"])
    let guarded = WriteDeployScriptTool(appDirectory: directory, files: existing, writer: writer)
    await #expect(throws: ToolFailure.self) { try await guarded.run(.object([]), context: context) }
    #expect(writer.writes.count == 1)
    _ = try await guarded.run(.object([("overwrite", .bool(true)), ("healthPath", .string("/up"))]), context: context)
    #expect(writer.writes.count == 2)
    #expect(writer.writes.last?.text.contains("HEALTH_PATH='/up'") == true)
    await #expect(throws: ToolFailure.invalidArguments("path must be a file inside the app directory, such as deploy.sh")) {
      try await guarded.run(.object([("path", .string("../elsewhere.sh"))]), context: context)
    }
  }
}
