import Foundation
import LandfallFakes
import LandfallRigs
import LandfallModel
import LandfallTestSupport
import Testing

@Suite(.ownThreads) struct SandboxFlowTests {
  static let vm = #"{"name":"notes-demo-vm","region":"us-west-0","vmPackage":"standard-custom","vmSpecs":{"vcpu":2,"memoryMb":4096,"rootDiskGb":50},"image":"ubuntu-24.04-050826","subscriptionPeriod":"hourly"}"#

  @Test func anEstimatedApprovedVMIsCreatedInTheSandboxCloud() async throws {
    let server = try LoopbackHTTPServer { _, number in
      switch number {
      case 1: return ChatCommandTests.call("get_cost_estimate_vm", Self.vm)
      case 2: return ChatCommandTests.call("create_vm", Self.vm)
      default: return ChatCommandTests.say("The VM is being created.")
      }
    }
    defer { server.stop() }
    let home = try CLI.temporaryDirectory()
    let env = ["XDG_DATA_HOME": home.path, "HOME": home.path, "LANDFALL_MODEL": "m"]
    let result = try await CLI.run(
      ["chat", "--once", "--phase", "3", "--sandbox", "--sandbox-state", home.path + "/landfall/sandbox", "--allow-writes", "--llm-url", server.baseURL + "/v1"],
      environment: env, stdin: "y\n")
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains("$0.05/hour, $39.42/month"))
    let cloud = try FakeCloudState.load(path: home.path + "/landfall/sandbox/cloud.json")
    #expect(cloud.items("vms").compactMap { $0["name"]?.stringValue } == ["notes-demo-vm"])
    let third = try JSONParser.parse(server.requests[2].body)
    let lastTool = third["messages"]?.arrayValue?.last
    #expect(lastTool?["content"]?.stringValue?.contains("CREATING") == true)
  }

  @Test func aDeclinedCostCreatesNothing() async throws {
    let server = try LoopbackHTTPServer { _, number in
      switch number {
      case 1: return ChatCommandTests.call("get_cost_estimate_vm", Self.vm)
      case 2: return ChatCommandTests.call("create_vm", Self.vm)
      default: return ChatCommandTests.say("Understood, nothing was created.")
      }
    }
    defer { server.stop() }
    let home = try CLI.temporaryDirectory()
    let env = ["XDG_DATA_HOME": home.path, "HOME": home.path, "LANDFALL_MODEL": "m"]
    let result = try await CLI.run(
      ["chat", "--once", "--phase", "3", "--sandbox", "--sandbox-state", home.path + "/landfall/sandbox", "--allow-writes", "--yes", "--llm-url", server.baseURL + "/v1"],
      environment: env, stdin: "no\n")
    #expect(result.status == 0, "\(result.stderr)")
    let cloud = try FakeCloudState.load(path: home.path + "/landfall/sandbox/cloud.json")
    #expect(cloud.items("vms").isEmpty)
    let third = try JSONParser.parse(server.requests[2].body)
    #expect(third["messages"]?.arrayValue?.last?["content"] == .string("the person declined create_vm"))
  }
}

@Suite(.ownThreads) struct CloudConfigurationTests {
  func environment() throws -> [String: String] {
    let home = try CLI.temporaryDirectory()
    return ["XDG_DATA_HOME": home.path, "HOME": home.path, "XDG_CONFIG_HOME": home.path + "/config"]
  }

  @Test func aBrokenMCPConfigIsExitTwoNamingTheFile() async throws {
    let file = try CLI.temporaryDirectory().appendingPathComponent("mcp.json")
    try Data("{\"mcpServers\": [".utf8).write(to: file)
    let result = try await CLI.run(["tools", "list", "--mcp-config", file.path], environment: try environment())
    #expect(result.status == 2)
    #expect(result.stderr.contains(file.path))
  }

  @Test func aServerThatCannotStartIsExitThreeNamingTheCommand() async throws {
    let file = try CLI.temporaryDirectory().appendingPathComponent("mcp.json")
    try Data(#"{"mcpServers": {"cloud": {"command": "/nonexistent/cloud-server", "args": []}}}"#.utf8).write(to: file)
    let result = try await CLI.run(["tools", "list", "--mcp-config", file.path], environment: try environment())
    #expect(result.status == 3)
    #expect(result.stderr.contains("/nonexistent/cloud-server"))
  }

  @Test func theSandboxInventoryNeedsNoAccount() async throws {
    let result = try await CLI.run(["inventory", "--sandbox", "--json"], environment: try environment())
    #expect(result.status == 0, "\(result.stderr)")
    let json = try JSONParser.parse(result.stdout)
    #expect(json["app"] == .string("notes-demo"))
    #expect(json["secretNames"] == .strings(["DATABASE_URL", "SESSION_SECRET"]))
  }
}
