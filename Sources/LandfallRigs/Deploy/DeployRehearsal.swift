import Foundation
import LandfallCore
public import LandfallModel
public import LandfallTools

/// A rehearsal of the deploy script on this machine: a real sshd and a real nginx on loopback,
/// the stand-in docker on the "server" side, and a git repository holding a small app whose
/// versions the script ships. Everything lives in one temporary folder; `stop` ends it all.
public final class DeployRehearsal: @unchecked Sendable {
  /// One run of the script: its exit status, its output (both streams) and its wall time.
  public struct Run: Sendable {
    public var status: Int32
    public var output: String
    public var seconds: Double
  }

  /// A run started with `start`, collected with `finish`.
  public struct Started {
    let process: Process
    let began: Date
    let output: String
  }

  /// What the load generator saw.
  public struct Load: Sendable {
    public var requests: Int
    public var failed: Int
    /// Answer bodies (the versions) and how often each came back.
    public var bodies: [String: Int]
    public var errors: [String]
  }

  public let directory: String
  public let repository: String
  public let stateDirectory: String
  public let dockerDirectory: String
  public let migrationsLog: String
  public let app: DeployApp
  public let ssh: LoopbackSSHServer
  public let nginx: LoopbackNginx
  private let python: String

  /// Sets everything up and commits version `v1`; `groups` are the app's process groups (the
  /// first one serves HTTP on `appPort` and answers /healthz), `runtime` how they run on the
  /// server, and `files` more files for the repository.
  public init(
    groups: [DeployApp.Group] = [DeployApp.Group(name: "app", command: [])], runtime: Runtime = .docker, appPort: Int = 8080,
    files: [String: String] = [:]
  ) throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("landfall-deploy-\(UUID().uuidString)").path
    repository = directory + "/repo"
    stateDirectory = directory + "/state"
    dockerDirectory = directory + "/docker"
    migrationsLog = directory + "/migrations.log"
    for folder in [repository + "/.landfall", dockerDirectory] {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }
    guard let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first(where: FileManager.default.isExecutableFile) else {
      throw LoopbackSSHServer.StartError(description: "python3 is not installed")
    }
    self.python = python
    app = DeployApp(
      name: "rehearsal", internalPort: appPort, httpGroup: groups.first?.name, healthPath: "/healthz", releaseCommand: ["python3", "release.py"],
      groups: groups, envFile: directory + "/app.env", killTimeoutSeconds: 5, runtime: runtime, composeFile: directory + "/compose.yaml")
    ssh = try LoopbackSSHServer()
    nginx = try LoopbackNginx(prefix: directory + "/nginx", appPort: appPort)
    try write(StandInDocker.script(python: python), to: dockerDirectory + "/docker", mode: 0o755)
    try write("MIGRATIONS_LOG=\(migrationsLog)\nWORKER_LOG=\(directory)/worker.log\nDATABASE_URL=postgres://app@127.0.0.1:5432/app\n", to: app.envFile, mode: 0o600)
    let first = try LoopbackSSHServer.freePort()
    var second = try LoopbackSSHServer.freePort()
    while second == first { second = try LoopbackSSHServer.freePort() }
    let ports = (first, second)
    let settings = """
      # where the rehearsal server is
      LANDFALL_HOST=127.0.0.1
      LANDFALL_USER=\(ssh.user)
      LANDFALL_SSH_PORT=\(ssh.port)
      LANDFALL_SSH_KEY=\(ssh.ed25519Key)
      LANDFALL_KNOWN_HOSTS=\(directory)/known_hosts
      LANDFALL_PORTS=\(ports.0) \(ports.1)
      LANDFALL_STATE_DIR=\(stateDirectory)
      LANDFALL_NGINX=\(nginx.command)
      LANDFALL_NGINX_UPSTREAM=\(nginx.upstreamPath)
      LANDFALL_NGINX_SITE=\(nginx.sitePath)
      LANDFALL_NGINX_PID=\(nginx.pidFile)
      LANDFALL_NGINX_URL=http://127.0.0.1:\(nginx.port)
      LANDFALL_DOCKER=\(dockerDirectory)/docker

      """
    try write(settings, to: repository + "/.landfall/deploy.env", mode: 0o644)
    try write(try DeployScript.render(app), to: repository + "/deploy.sh", mode: 0o755)
    try write(RehearsalFiles.app, to: repository + "/app.py", mode: 0o644)
    try write(RehearsalFiles.release, to: repository + "/release.py", mode: 0o644)
    try write(RehearsalFiles.dockerfile, to: repository + "/Dockerfile", mode: 0o644)
    try write(".landfall/\n", to: repository + "/.gitignore", mode: 0o644)
    for (name, text) in files { try write(text, to: repository + "/" + name, mode: 0o644) }
    try git(["init", "-q"])
    try commit(version: "v1")
  }

  /// Commits a new version: VERSION holds `version`; `files` adds (text) or removes (nil) files.
  public func commit(version: String, files: [String: String?] = [:]) throws {
    try write(version + "\n", to: repository + "/VERSION", mode: 0o644)
    for (name, text) in files {
      if let text {
        try write(text, to: repository + "/" + name, mode: 0o644)
      } else {
        try? FileManager.default.removeItem(atPath: repository + "/" + name)
      }
    }
    try git(["add", "-A"])
    try git(["-c", "user.name=Rehearsal", "-c", "user.email=rehearsal@example.invalid", "commit", "-q", "-m", version])
  }

  /// Runs `./deploy.sh ARGUMENTS` in the repository and waits for it.
  public func run(_ arguments: [String] = [], environment: [String: String] = [:]) throws -> Run {
    try finish(start(arguments, environment: environment))
  }

  /// Starts `./deploy.sh ARGUMENTS` without waiting; `finish` collects it.
  public func start(_ arguments: [String] = [], environment: [String: String] = [:]) throws -> Started {
    let output = directory + "/run-\(UUID().uuidString).out"
    _ = FileManager.default.createFile(atPath: output, contents: nil)
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = [repository + "/deploy.sh"] + arguments
    process.currentDirectoryURL = URL(fileURLWithPath: repository)
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    process.standardOutput = handle
    process.standardError = handle
    process.standardInput = FileHandle.nullDevice
    try process.runWithSignalsDelivered()
    try handle.close()
    return Started(process: process, began: Date(), output: output)
  }

  /// Waits until the output of a started run holds `text`.
  public func waitForOutput(of started: Started, containing text: String, seconds: Double = 60) throws {
    let deadline = Date().addingTimeInterval(seconds)
    while (try? String(contentsOfFile: started.output, encoding: .utf8))?.contains(text) != true {
      guard Date() < deadline else { throw LoopbackSSHServer.StartError(description: "a deploy did not print \"\(text)\" within \(seconds) s") }
      usleep(20_000)
    }
  }

  /// Waits for a started run and returns it.
  public func finish(_ started: Started) throws -> Run {
    started.process.waitUntilExit()
    let seconds = Date().timeIntervalSince(started.began)
    return Run(status: started.process.terminationStatus, output: try String(contentsOfFile: started.output, encoding: .utf8), seconds: seconds)
  }

  /// One GET through nginx (with curl): the status code (0 when nothing answered) and the body.
  public func get(_ path: String = "/") throws -> (status: Int, body: String) {
    let process = Process()
    let pipe = Pipe()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["curl", "-s", "-m", "10", "-w", "\n%{http_code}", "http://127.0.0.1:\(nginx.port)\(path)"]
    process.standardOutput = pipe
    try process.runWithSignalsDelivered()
    let data = pipe.fileHandleForReading.readAllSurvivingInterrupts()
    process.waitUntilExit()
    let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    return (Int(lines.last ?? "") ?? 0, lines.dropLast().joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines))
  }

  /// Sends at least `minimum` requests through nginx from `workers` threads while `during` runs,
  /// then stops (never more than `maximum`).
  public func underLoad<T>(minimum: Int, maximum: Int = 500_000, workers: Int = 8, during work: () throws -> T) throws -> (T, Load) {
    try write(RehearsalFiles.load, to: directory + "/load.py", mode: 0o644)
    let stop = directory + "/load.stop"
    let started = directory + "/load.started"
    let results = directory + "/load.json"
    _ = FileManager.default.createFile(atPath: results, contents: nil)
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: results))
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = [directory + "/load.py", "127.0.0.1", String(nginx.port), "/", stop, started, String(minimum), String(maximum), String(workers)]
    process.standardOutput = handle
    process.standardError = handle
    try process.runWithSignalsDelivered()
    try handle.close()
    try waitFor(started, seconds: 20)
    let value = try work()
    _ = FileManager.default.createFile(atPath: stop, contents: nil)
    process.waitUntilExit()
    let text = try String(contentsOfFile: results, encoding: .utf8)
    guard let json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
      throw LoopbackSSHServer.StartError(description: "the load generator printed no summary: \(text)")
    }
    let load = Load(
      requests: json["requests"] as? Int ?? 0, failed: json["failed"] as? Int ?? -1,
      bodies: json["bodies"] as? [String: Int] ?? [:], errors: json["errors"] as? [String] ?? [])
    return (value, load)
  }

  /// Holds every build on the stand-in docker until `releaseBuilds`.
  public func holdBuilds() {
    _ = FileManager.default.createFile(atPath: dockerDirectory + "/build-gate", contents: nil)
  }

  /// Waits until a build is being held.
  public func waitForHeldBuild() throws {
    try waitFor(dockerDirectory + "/build-waiting", seconds: 30)
  }

  /// Lets held builds go on.
  public func releaseBuilds() {
    try? FileManager.default.removeItem(atPath: dockerDirectory + "/build-gate")
  }

  /// The names of the stand-in containers whose processes are alive.
  public func runningContainers() -> [String] {
    containerRecords().filter { Self.alive($0.pid) }.map(\.name).sorted()
  }

  /// Ends every container process, nginx and sshd, and removes the folder.
  public func stop() {
    releaseBuilds()
    for record in containerRecords() where isContainer(record.pid) { kill(-record.pid, SIGKILL) }
    nginx.stop()
    ssh.stop()
    try? FileManager.default.removeItem(atPath: directory)
  }

  private func containerRecords() -> [(name: String, pid: Int32)] {
    let folder = dockerDirectory + "/containers"
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    return names.filter { $0.hasSuffix(".json") }.compactMap { name in
      guard let data = FileManager.default.contents(atPath: folder + "/" + name),
        let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let pid = json["pid"] as? Int
      else { return nil }
      return (String(name.dropLast(5)), Int32(pid))
    }
  }

  /// Whether `pid` is still a stand-in container of this rehearsal (its working folder is one of
  /// the rehearsal's images), not another process that was given the same pid later.
  private func isContainer(_ pid: Int32) -> Bool {
    guard Self.alive(pid), let folder = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd") else { return false }
    return folder.hasPrefix(dockerDirectory)
  }

  private static func alive(_ pid: Int32) -> Bool {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return false }
    let state = stat[stat.index(after: close)...].split(separator: " ").first
    return state != "Z" && state != "X"
  }

  private func waitFor(_ path: String, seconds: Double) throws {
    let deadline = Date().addingTimeInterval(seconds)
    while !FileManager.default.fileExists(atPath: path) {
      guard Date() < deadline else { throw LoopbackSSHServer.StartError(description: "\(path) did not appear within \(seconds) s") }
      usleep(20_000)
    }
  }

  private func git(_ arguments: [String]) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git", "-C", repository] + arguments
    try process.runWithSignalsDelivered()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw LoopbackSSHServer.StartError(description: "git \(arguments.joined(separator: " ")) failed") }
  }

  func write(_ text: String, to path: String, mode: Int) throws {
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
  }
}
