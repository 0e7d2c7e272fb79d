import Foundation
import LandfallFakes
import LandfallRigs
import LandfallModel
import LandfallTestSupport
import Testing

/// The whole migration in the sandbox, one `landfall chat --once` process per phase, killed with
/// SIGKILL just before each tool result (and before the VM's cost is committed) is written, then
/// resumed by a new process: every phase still finishes, nothing billable is made twice, and
/// every request the model gets answers each of its calls exactly once.
@Suite(.ownThreads) struct KillAndResumeTests {
  struct Sandbox {
    let home: URL
    var box: String { home.path + "/box" }
    var environment: [String: String] { ["XDG_DATA_HOME": home.path, "HOME": home.path, "LANDFALL_MODEL": "m"] }
  }

  static let approvals = String(repeating: "y\n", count: 40)

  func play(_ phase: Int, in sandbox: Sandbox, model: ResumableModel, server: LoopbackHTTPServer, crashBefore point: String? = nil, resume: Bool)
    async throws -> CLI.Result
  {
    model.serve(phase: phase)
    var arguments = [
      "chat", "--once", "--phase", "\(phase + 1)", "--prompt", SandboxMigrationScript.phases[phase].message, "--sandbox",
      "--sandbox-state", sandbox.box, "--db", sandbox.box + "/landfall.db", "--allow-writes",
      "--app-dir", CLI.repository.path + "/examples/notes", "--llm-url", server.baseURL + "/v1",
    ]
    if resume { arguments.append("--resume") }
    var environment = sandbox.environment
    if let point { environment["LANDFALL_SANDBOX_CRASH_BEFORE"] = point }
    return try await CLI.run(arguments, environment: environment, stdin: Self.approvals)
  }

  /// The scripted model, the loopback endpoint serving it and a fresh sandbox; nil (recorded as
  /// an issue) when PostgreSQL is not installed.
  static func world() throws -> (ResumableModel, LoopbackHTTPServer, Sandbox)? {
    guard LoopbackPostgresCluster.installedBinaries != nil else {
      Issue.record("PostgreSQL is not installed; scripts/install-deps.sh installs it")
      return nil
    }
    let model = ResumableModel(
      phases: SandboxMigrationScript.phases, refetch: [SandboxMigrationScript.fetchSecrets, SandboxMigrationScript.installPostgres])
    let server = try LoopbackHTTPServer { request, _ in model.reply(to: request.body) }
    return (model, server, Sandbox(home: try CLI.temporaryDirectory()))
  }

  @Test func theWholeMigrationPlaysPhaseByPhaseAcrossProcesses() async throws {
    guard let (model, server, sandbox) = try Self.world() else { return }
    defer { server.stop() }
    for phase in SandboxMigrationScript.phases.indices {
      let result = try await play(phase, in: sandbox, model: model, server: server, resume: phase > 0)
      #expect(result.status == 0, "phase \(phase + 1): \(result.stderr)")
      #expect(result.stdout.contains("Phase \(phase + 1) is done."), "phase \(phase + 1): \(result.stdout)\n\(server.requests.last?.body.suffix(3000) ?? "")")
    }
    #expect(model.violations.isEmpty, "\(model.violations)")
  }

  /// The calls the model has made so far, counted from the last request it got.
  static func callsSoFar(_ server: LoopbackHTTPServer) -> Int {
    guard let body = server.requests.last?.body, let messages = (try? JSONParser.parse(body))?["messages"]?.arrayValue else { return 0 }
    return messages.filter { $0["role"]?.stringValue == "tool" }.count
  }

  static func copy(_ from: String, to: String) throws {
    try? FileManager.default.removeItem(atPath: to)
    try FileManager.default.copyItem(atPath: from, toPath: to)
  }

  @Test func aSessionKilledBeforeAnyToolResultIsWrittenResumesAndFinishesWithNothingBoughtTwice() async throws {
    guard let (model, server, sandbox) = try Self.world() else { return }
    defer { server.stop() }
    var before: [String] = []
    var calls: [Int] = []
    for phase in SandboxMigrationScript.phases.indices {
      before.append(sandbox.home.path + "/before-\(phase + 1)")
      if phase > 0 { try Self.copy(sandbox.box, to: before[phase]) }
      let made = Self.callsSoFar(server)
      let result = try await play(phase, in: sandbox, model: model, server: server, resume: phase > 0)
      try #require(result.status == 0 && result.stdout.contains("Phase \(phase + 1) is done."), "phase \(phase + 1): \(result.stderr)")
      calls.append(Self.callsSoFar(server) - made)
    }
    var points: [(phase: Int, point: String)] = []
    for phase in calls.indices {
      points += (1...calls[phase]).map { (phase, "tool_result:\($0)") }
    }
    points.append((2, "cost_commit:1"))
    for (phase, point) in points {
      if phase > 0 { try Self.copy(before[phase], to: sandbox.box) } else { try? FileManager.default.removeItem(atPath: sandbox.box) }
      let crashed = try await play(phase, in: sandbox, model: model, server: server, crashBefore: point, resume: phase > 0)
      #expect(crashed.status == SIGKILL, "phase \(phase + 1), killed before \(point): exit \(crashed.status)\n\(crashed.stderr)")
      let resumed = try await play(phase, in: sandbox, model: model, server: server, resume: true)
      #expect(resumed.status == 0 && resumed.stdout.contains("Phase \(phase + 1) is done."),
        "phase \(phase + 1), killed before \(point), then resumed: \(resumed.stdout)\n\(resumed.stderr)")
      let cloud = try FakeCloudState.load(path: sandbox.box + "/cloud.json")
      for (kind, name) in [("vms", "notes-demo-vm"), ("sshKeys", "notes-deploy"), ("dnsZones", "example.com")] {
        let made = cloud.items(kind).filter { $0["name"]?.stringValue == name }.count
        #expect(made <= 1, "phase \(phase + 1), killed before \(point): \(made) \(kind) named \(name)")
      }
      if phase >= 2 {
        #expect(server.requests.last?.body.contains("Committed cost: $39.42/month") == true, "phase \(phase + 1), killed before \(point): the cost was not counted once")
      }
    }
    #expect(model.violations.isEmpty, "\(model.violations)")
  }
}
