import Foundation
import LandfallFakes
import LandfallRigs
import LandfallModel
import LandfallTestSupport
import Testing

/// `chat --sandbox --app-dir examples/chatterbox`: a web + worker app played through phases 1 to 4
/// against the fakes, landing on one VM as a Compose project.
@Suite(.ownThreads) struct SandboxComposeTests {
  /// A first login to an address the session did not learn is approved twice: once for the
  /// address, once more for the host key it shows.
  static let connect = #"{"address":"203.0.113.10","keyPath":"/tmp/landfall-sandbox-key"}"#

  func chat(phase: Int, replies: [LoopbackHTTPServer.Reply], home: URL) async throws -> (CLI.Result, [String]) {
    let server = try LoopbackHTTPServer { _, number in
      number <= replies.count ? replies[number - 1] : ChatCommandTests.say("Done.")
    }
    defer { server.stop() }
    let env = ["XDG_DATA_HOME": home.path, "HOME": home.path, "LANDFALL_MODEL": "m"]
    let app = CLI.repository.appendingPathComponent("examples/chatterbox").path
    let result = try await CLI.run(
      ["chat", "--once", "--phase", String(phase), "--sandbox", "--sandbox-state", home.path + "/box", "--app-dir", app, "--allow-writes", "--yes",
       "--llm-url", server.baseURL + "/v1"],
      environment: env, stdin: String(repeating: "y\n", count: 8))
    return (result, server.requests.map(\.body))
  }

  @Test func aWebAndWorkerAppLandsAsAComposeProjectInTheSandbox() async throws {
    let home = try CLI.temporaryDirectory()
    let (inventory, inventoryBodies) = try await chat(phase: 1, replies: [ChatCommandTests.call("fly_inventory")], home: home)
    #expect(inventory.status == 0, "\(inventory.stderr)")
    let seen = inventoryBodies.joined(separator: "\n")
    #expect(seen.contains(#"\"runtime\":\"compose\""#), "\(seen.suffix(2000))")
    #expect(seen.contains("SECRET_KEY_BASE"), "the sandbox's Fly world knows the app's secret names")

    let (plan, planBodies) = try await chat(phase: 2, replies: [
      ChatCommandTests.call("plan_vm", #"{"region":"us-west-0","vmPackage":"standard-custom","image":"ubuntu-24.04-050826"}"#),
    ], home: home)
    #expect(plan.status == 0, "\(plan.stderr)")
    #expect(planBodies.joined().contains("runs as its own Compose service on the VM"), "\(planBodies.joined().suffix(2000))")

    let (provision, provisionBodies) = try await chat(phase: 3, replies: [
      ChatCommandTests.call("host_connect", Self.connect),
      ChatCommandTests.call("host_connect", Self.connect),
      ChatCommandTests.call("host_install_docker"),
      ChatCommandTests.call("host_write_env_file", #"{"values":{"RAILS_ENV":"production"}}"#),
      ChatCommandTests.call("host_run_compose"),
      ChatCommandTests.call("host_configure_nginx", #"{"port":3000}"#),
    ], home: home)
    #expect(provision.status == 0, "\(provision.stderr)")
    #expect(provisionBodies.joined().contains("the Compose services are built and created, not started"), "\(provisionBodies.joined().suffix(3000))")

    let (migrate, migrateBodies) = try await chat(phase: 4, replies: [
      ChatCommandTests.call("fly_freeze"),
      ChatCommandTests.call("host_connect", Self.connect),
      ChatCommandTests.call("host_connect", Self.connect),
      ChatCommandTests.call("host_run_compose", #"{"start":true}"#),
      ChatCommandTests.call("host_health_check"),
    ], home: home)
    #expect(migrate.status == 0, "\(migrate.stderr)")
    let answers = migrateBodies.joined(separator: "\n")
    #expect(answers.contains("the Compose services are running"), "\(answers.suffix(3000))")

    let host = try JSONParser.parse(String(contentsOfFile: home.path + "/box/host.json", encoding: .utf8))
    #expect(host["releaseRuns"] == .int(1), "the release command ran once, before the start")
    #expect(host["containers"]?["chatterbox-web-1"]?["running"] == .bool(true))
    #expect(host["containers"]?["chatterbox-worker-1"]?["running"] == .bool(true))
    #expect(host["files"]?["/srv/landfall/compose.yaml"] != nil)
    let fly = try FakeFlyStateFile(path: home.path + "/box/fly-state.json").load()
    #expect(fly.apps.first { $0.name == SampleWorld.multiGroupAppName }?.machines.isEmpty == true, "Fly is frozen")
    for body in inventoryBodies + planBodies + provisionBodies + migrateBodies {
      for canary in SampleWorld.multiGroupCanaries { #expect(!body.contains(canary.value)) }
    }
  }
}
