import Foundation
internal import LandfallCore
internal import LandfallFakes
internal import LandfallFly
internal import LandfallModel
internal import LandfallTools

extension DeployRehearsal {
  /// A rehearsal of a web + worker app that landed with Compose: fly.toml in the repository, the
  /// Compose file generated from it the way the migration writes it (the env file moved into the
  /// rehearsal's folder), and the migration's project running version `v1` behind nginx.
  public static func compose() async throws -> DeployRehearsal {
    let port = try LoopbackSSHServer.freePort()
    let flyToml = RehearsalFiles.composeFlyToml(port: port)
    let groups = [DeployApp.Group(name: "web", command: ["python3", "app.py"]), DeployApp.Group(name: "worker", command: ["python3", "worker.py"])]
    let rehearsal = try DeployRehearsal(
      groups: groups, runtime: .compose, appPort: port, files: ["fly.toml": flyToml, "worker.py": RehearsalFiles.worker])
    do {
      let flyctl = FlyctlClient(
        runner: ScriptedCommandRunner(answers: [:], fallback: .failure(.notFound(executable: "flyctl"))), location: .init(executable: "flyctl"))
      let files = InMemoryFileSource([
        rehearsal.repository + "/fly.toml": flyToml, rehearsal.repository + "/Dockerfile": RehearsalFiles.dockerfile,
      ])
      let settings = FlyToolSettings(app: nil, appDirectory: rehearsal.repository, flyctl: flyctl, files: files)
      let project = ComposeProject(blueprint: try await AppBlueprint.load(settings))
      try rehearsal.write(project.yaml.replacing(HostTools.envFile, with: rehearsal.app.envFile), to: rehearsal.app.composeFile, mode: 0o644)
      try rehearsal.docker(["build", "-q", "-t", project.imageTag, rehearsal.repository])
      try rehearsal.docker(["compose", "-f", rehearsal.app.composeFile, "up", "-d"])
      try rehearsal.waitUntilServing()
    } catch {
      rehearsal.stop()
      throw error
    }
    return rehearsal
  }

  /// Every call the stand-in docker received, in order, as its argument words.
  public func dockerCalls() -> [[String]] {
    let text = (try? String(contentsOfFile: dockerDirectory + "/calls.log", encoding: .utf8)) ?? ""
    return text.split(separator: "\n").compactMap { line in
      (try? JSONParser.parse(String(line)))?.arrayValue?.compactMap(\.stringValue)
    }
  }

  /// Returns once nginx gets an answer from the app (at most 20 s).
  func waitUntilServing() throws {
    let deadline = Date().addingTimeInterval(20)
    while try get("/").status != 200 {
      guard Date() < deadline else { throw LoopbackSSHServer.StartError(description: "the migration's Compose project did not answer through nginx within 20 s") }
      usleep(50_000)
    }
  }

  /// Runs the stand-in docker here with `arguments`, as the migration would on the server.
  func docker(_ arguments: [String]) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: dockerDirectory + "/docker")
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    try process.runWithSignalsDelivered()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw LoopbackSSHServer.StartError(description: "docker \(arguments.joined(separator: " ")) failed with status \(process.terminationStatus)")
    }
  }
}
