import Foundation
import LandfallCore
import LandfallFakes
import LandfallModel
import LandfallTestSupport
import Testing

@Suite(.ownThreads) struct FakeFlyctlTests {
  static let state = FakeFlyState(apps: [
    .init(
      name: "web", organization: "acme",
      machines: [
        .init(id: "aaa111", region: "iad", processGroup: "app", env: [("PORT", "8080")]),
        .init(id: "bbb222", region: "iad", processGroup: "worker"),
      ],
      volumes: [.init(id: "vol_x", name: "data", sizeGb: 5, region: "iad", attachedMachineId: "aaa111")],
      secrets: [("DATABASE_URL", "postgres://u:s3cr3t-value@db.flycast/web"), ("API_TOKEN", "tok-abc-123")],
      ips: [.init(address: "203.0.113.9", type: "v4")]),
    .init(name: "web-db", postgres: true, postgresUsers: ["web"]),
  ])

  func run(_ arguments: String, state: FakeFlyState = state) -> (CommandResult, FakeFlyState) {
    run(arguments.split(separator: " ").map(String.init), state: state)
  }

  func run(_ arguments: [String], state: FakeFlyState = state) -> (CommandResult, FakeFlyState) {
    var flyctl = FakeFlyctl(state: state)
    let outcome = flyctl.run(arguments)
    return (outcome, flyctl.state)
  }

  func json(_ arguments: String) throws -> JSONValue {
    let (outcome, _) = run(arguments)
    #expect(outcome.exitCode == 0, "\(arguments): \(outcome.standardError)")
    return try JSONParser.parse(outcome.standardOutput)
  }

  @Test func statusUsesPascalCaseAndEmbedsSnakeCaseMachines() throws {
    let status = try json("status --json -a web")
    #expect(status.objectValue?.map(\.key).prefix(5) == ["ID", "Name", "Deployed", "Status", "Hostname"])
    let machines = status["Machines"]?.arrayValue ?? []
    #expect(machines.compactMap { $0["id"]?.stringValue } == ["bbb222", "aaa111"])
    #expect(machines.first?["config"]?["metadata"]?["fly_process_group"] == .string("worker"))
    #expect(machines.first?["config"]?["guest"]?["memory_mb"] == .int(256))
  }

  @Test func jsonIsIndentedWithFourSpaces() {
    let output = run("volumes list --json -a web").0.standardOutput
    #expect(output.hasPrefix("[\n    {\n        \"id\": \"vol_x\""))
    #expect(output.hasSuffix("]\n"))
  }

  @Test func volumesCarrySizeAndAttachment() throws {
    let volume = try json("vol ls --json -a web").arrayValue?.first
    #expect(volume?["size_gb"] == .int(5))
    #expect(volume?["attached_machine_id"] == .string("aaa111"))
    #expect(volume?["attached_alloc_id"] == .null)
  }

  @Test func secretsListShowsNamesAndDigestsNeverValues() throws {
    let (outcome, _) = run("secrets list --json -a web")
    #expect(!outcome.standardOutput.contains("s3cr3t-value"))
    #expect(!outcome.standardOutput.contains("tok-abc-123"))
    let secrets = try JSONParser.parse(outcome.standardOutput).arrayValue ?? []
    #expect(secrets.compactMap { $0["name"]?.stringValue } == ["DATABASE_URL", "API_TOKEN"])
    #expect(secrets.allSatisfy { $0["digest"]?.stringValue?.count == 16 })
    #expect(!run("secrets list -a web").0.standardOutput.contains("tok-abc-123"))
  }

  @Test func printenvOverSSHIsTheOneWayAValueComesOut() {
    let one = run(["ssh", "console", "-a", "web", "-C", "printenv API_TOKEN"]).0
    #expect(one == .init(exitCode: 0, standardOutput: "tok-abc-123\n", standardError: ""))
    let all = run("ssh console -a web -C printenv").0.standardOutput
    #expect(all.contains("DATABASE_URL=postgres://u:s3cr3t-value@db.flycast/web\n"))
    #expect(all.contains("FLY_APP_NAME=web\n"))
    #expect(all.contains("PORT=8080\n"))
    let missing = run(["ssh", "console", "-a", "web", "-C", "printenv NOPE"]).0
    #expect(missing.exitCode == 1)
    #expect(missing.standardError == "Error: ssh shell: Process exited with status 1\n")
    let other = run(["ssh", "console", "-a", "web", "-C", "cat /etc/passwd"]).0
    #expect(other.exitCode == 1)
  }

  @Test func sshNeedsAStartedMachine() {
    var state = Self.state
    state.apps[0].machines = state.apps[0].machines.map { var machine = $0; machine.state = "stopped"; return machine }
    let outcome = run("ssh console -a web -C printenv", state: state).0
    #expect(outcome.exitCode == 1)
    #expect(outcome.standardError.hasPrefix("Error: app web has no started VMs."))
  }

  @Test func notLoggedInFailsEveryCommandLikeFlyctl() {
    var state = Self.state
    state.loggedIn = false
    for command in ["status --json -a web", "secrets list --json -a web", "auth whoami", "postgres list"] {
      let outcome = run(command, state: state).0
      #expect(outcome.exitCode == 1)
      #expect(outcome.standardError == "Error: no access token available. Please login with 'flyctl auth login'\n")
    }
  }

  @Test func unknownAppsAndMissingNamesUseFlyctlsTexts() {
    #expect(run("status -a ghost").0.standardError == "Error: failed to get app: Could not find App \"ghost\"\n")
    #expect(run("secrets list -a ghost").0.standardError == "Error: failed to list app secrets: app not found\n")
    #expect(run("status --json").0.standardError.contains("missing an app name"))
    #expect(run("frobnicate").0.standardError == "Error: unknown command \"frobnicate\" for \"flyctl\"\n")
  }

  @Test func postgresListPrintsPlainTextWhenThereAreNoClusters() throws {
    let empty = FakeFlyState(apps: [.init(name: "solo")])
    #expect(run("postgres list --json", state: empty).0.standardOutput == "No postgres clusters found\n")
    let clusters = try json("pg list --json")
    #expect(clusters.arrayValue?.compactMap { $0["Name"]?.stringValue } == ["web-db"])
    let users = try json("postgres users list -a web-db --json")
    #expect(users.arrayValue?.first?["Username"] == .string("web"))
    #expect(run("postgres users list -a web --json").0.standardError == "Error: app web is not a postgres app\n")
  }

  @Test func scaleShowGroupsMachinesByProcess() throws {
    let groups = try json("scale show --json -a web").arrayValue ?? []
    #expect(groups.compactMap { $0["Process"]?.stringValue } == ["app", "worker"])
    #expect(groups.first?["Regions"] == .object([("iad", .int(1))]))
  }

  @Test func scaleCountZeroDestroysMachinesAndKeepsVolumes() {
    #expect(run("scale count 0 -a web").0.standardError.contains("--yes flag must be specified"))
    let (outcome, after) = run("scale count 0 --yes -a web")
    #expect(outcome.exitCode == 0)
    #expect(outcome.standardOutput.contains("Destroyed aaa111 group:app"))
    #expect(after.app(named: "web")?.machines.map(\.id) == ["bbb222"])
    #expect(after.app(named: "web")?.volumes.first?.attachedMachineId == nil)
    let again = run("scale count 0 --yes -a web", state: after).0
    #expect(again.standardOutput == "App already scaled to desired state. No need for changes\n")
    let up = run("scale count app=2 --yes -a web", state: after)
    #expect(up.1.app(named: "web")?.machines.filter { $0.processGroup == "app" }.count == 2)
    #expect(run("scale count nope=1 --yes -a web").0.standardError.contains("process group 'nope' not found"))
  }

  @Test func machineStopMarksTheMachineStopped() {
    let (outcome, after) = run("machine stop aaa111 -a web")
    #expect(outcome.standardOutput == "Sending kill signal to machine aaa111...\naaa111 has been successfully stopped\n")
    #expect(after.app(named: "web")?.machines.first?.state == "stopped")
  }

  @Test func stateSurvivesItsJSONForm() throws {
    let text = JSONWriter.string(Self.state.json)
    #expect(try FakeFlyState(json: JSONParser.parse(text)) == Self.state)
    #expect(throws: FakeFlyStateError.self) { try FakeFlyState(json: .object([("apps", .array([.object([])]))])) }
  }

  @Test func aBrokenStateFileNamesItsLineAndColumn() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("landfall-flystate-\(UUID().uuidString).json").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    try Data("{\n  \"apps\": [}\n".utf8).write(to: URL(fileURLWithPath: path))
    do {
      _ = try FakeFlyStateFile(path: path).load()
      Issue.record("expected an error")
    } catch {
      #expect(error.message == "\(path):2:12: invalid JSON: unexpected character")
    }
  }
}
