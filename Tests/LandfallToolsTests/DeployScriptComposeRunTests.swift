import Foundation
import LandfallCore
import LandfallRigs
import LandfallModel
import LandfallTestSupport
import LandfallTools
import Testing

/// The deploy script of a web + worker app that landed with Compose, run for real: ssh to a
/// loopback sshd, nginx in front, the stand-in docker playing `docker compose` from the Compose
/// file the migration generated.
@Suite(.serialized, .ownThreads) struct DeployScriptComposeRunTests {
  func expectServing(_ rehearsal: DeployRehearsal, _ version: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let answer = try rehearsal.get("/")
    #expect(answer.status == 200, sourceLocation: sourceLocation)
    #expect(answer.body == version, sourceLocation: sourceLocation)
  }

  /// The stand-in docker calls that change something, shortened to what they did.
  func steps(_ rehearsal: DeployRehearsal, from start: Int) -> [String] {
    rehearsal.dockerCalls().dropFirst(start).compactMap { call in
      switch call.first {
      case "build": return "build"
      case "run" where call.contains("--rm"): return "release"
      case "compose":
        let project = call.firstIndex(of: "-p").map { call[$0 + 1] } ?? "?"
        return call.contains("up") ? "up \(project)" : call.contains("down") ? "down \(project)" : nil
      default: return nil
      }
    }
  }

  func workerLog(_ rehearsal: DeployRehearsal) -> [String] {
    ((try? String(contentsOfFile: rehearsal.directory + "/worker.log", encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
  }

  @Test func theScriptForAMultiGroupAppDeploysTheComposeProject() throws {
    let toml = RehearsalFiles.composeFlyToml(port: 8080)
    let app = try DeployApp.read(appDirectory: "app", files: InMemoryFileSource(["app/fly.toml": toml, "app/Dockerfile": RehearsalFiles.dockerfile]))
    #expect(app.runtime == .compose)
    #expect(app.composeProject == "rehearsal")
    let script = try DeployScript.render(app)
    #expect(script.contains("RUNTIME=compose"))
    #expect(script.contains("DEFAULT_COMPOSE_FILE='/srv/landfall/compose.yaml'"))
    #expect(WriteDeployScriptTool.summary(app).contains("the Compose project rehearsal-a or rehearsal-b from /srv/landfall/compose.yaml"))
    let checked = try LandingSupport.run(["shellcheck", "--shell=bash", "--severity=style", "-"], input: script)
    #expect(checked?.status == 0, "\(checked?.output ?? "shellcheck is not installed")")
  }

  @Test func buildOnceReleaseOnceThenEveryGroupSwitchesAndRollsBack() async throws {
    let rehearsal = try await DeployRehearsal.compose()
    defer { rehearsal.stop() }
    try expectServing(rehearsal, "v1")
    #expect(rehearsal.runningContainers() == ["rehearsal-web-1", "rehearsal-worker-1"], "the migration's project runs")

    var mark = rehearsal.dockerCalls().count
    let first = try rehearsal.run()
    #expect(first.status == 0, "\(first.output)")
    #expect(steps(rehearsal, from: mark) == ["build", "release", "up rehearsal-a", "down rehearsal"])
    try expectServing(rehearsal, "v1")
    #expect(rehearsal.runningContainers() == ["rehearsal-a-web-1", "rehearsal-a-worker-1"])

    try rehearsal.commit(version: "v2")
    mark = rehearsal.dockerCalls().count
    let (second, load) = try rehearsal.underLoad(minimum: 500) { try rehearsal.run() }
    #expect(second.status == 0, "\(second.output)")
    #expect(load.failed == 0, "\(load.errors)")
    #expect(steps(rehearsal, from: mark) == ["build", "release", "up rehearsal-b", "down rehearsal-a"])
    try expectServing(rehearsal, "v2")
    #expect(rehearsal.runningContainers() == ["rehearsal-b-web-1", "rehearsal-b-worker-1"])
    #expect(try String(contentsOfFile: rehearsal.migrationsLog, encoding: .utf8).split(separator: "\n").map { $0.prefix(2) } == ["v1", "v2"])
    #expect(workerLog(rehearsal).suffix(2) == ["started v2", "stopped v1"], "the new worker starts before the old one stops: \(workerLog(rehearsal))")
    print("compose deploy figures: \(load.failed) failed of \(load.requests) requests during the switch (\(load.bodies)); "
      + "\(DeployScriptRunTests.line("deployed", in: second.output)); deploy wall time \(String(format: "%.2f", second.seconds)) s")

    try rehearsal.commit(version: "v3", files: ["UNHEALTHY": "yes\n"])
    mark = rehearsal.dockerCalls().count
    let unhealthy = try rehearsal.run([], environment: ["LANDFALL_HEALTH_TIMEOUT": "2"])
    #expect(unhealthy.status != 0)
    #expect(unhealthy.output.contains("did not pass its health check (/healthz) within 2 s"), "\(unhealthy.output)")
    #expect(steps(rehearsal, from: mark) == ["build", "release", "up rehearsal-a", "down rehearsal-a"])
    try expectServing(rehearsal, "v2")
    #expect(rehearsal.runningContainers() == ["rehearsal-b-web-1", "rehearsal-b-worker-1"])

    let rollback = try rehearsal.run(["rollback"])
    #expect(rollback.status == 0, "\(rollback.output)")
    try expectServing(rehearsal, "v1")
    #expect(rehearsal.runningContainers() == ["rehearsal-a-web-1", "rehearsal-a-worker-1"])
    let status = try rehearsal.run(["status"])
    #expect(status.output.contains("rehearsal-a-web-1  rehearsal:"), "\(status.output)")
  }

  @Test func aVersionNginxCannotReachIsSwitchedBack() async throws {
    let rehearsal = try await DeployRehearsal.compose()
    defer { rehearsal.stop() }
    #expect(try rehearsal.run().status == 0)
    try rehearsal.commit(version: "v2")
    let unreachable = try rehearsal.run([], environment: ["LANDFALL_NGINX_URL": "http://127.0.0.1:9"])
    #expect(unreachable.status != 0)
    #expect(unreachable.output.contains("passed its health check but not through nginx"), "\(unreachable.output)")
    try expectServing(rehearsal, "v1")
    #expect(rehearsal.runningContainers() == ["rehearsal-a-web-1", "rehearsal-a-worker-1"])
  }
}
