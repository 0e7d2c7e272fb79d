import Foundation
import LandfallFakes
import LandfallModel
import Testing

@Suite struct SandboxFlowTests {
  static let vm = #"{"name":"notes-demo-vm","region":"us-west-0","vmPackage":"standard-custom","vmSpecs":{"vcpu":2,"memoryMb":4096,"rootDiskGb":50},"image":"ubuntu-24.04-050826","subscriptionPeriod":"hourly"}"#

  @Test func anEstimatedApprovedVMIsCreatedInTheSandboxCloud() throws {
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
    let result = try CLI.run(
      ["chat", "--once", "--phase", "3", "--sandbox", "--allow-writes", "--llm-url", server.baseURL + "/v1"],
      environment: env, stdin: "y\n")
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains("$0.05/hour, $39.42/month"))
    let cloud = try FakeCloudState.load(path: home.path + "/landfall/sandbox/cloud.json")
    #expect(cloud.items("vms").compactMap { $0["name"]?.stringValue } == ["notes-demo-vm"])
    let third = try JSONParser.parse(server.requests[2].body)
    let lastTool = third["messages"]?.arrayValue?.last
    #expect(lastTool?["content"]?.stringValue?.contains("CREATING") == true)
  }

  @Test func aDeclinedCostCreatesNothing() throws {
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
    let result = try CLI.run(
      ["chat", "--once", "--phase", "3", "--sandbox", "--allow-writes", "--yes", "--llm-url", server.baseURL + "/v1"],
      environment: env, stdin: "no\n")
    #expect(result.status == 0, "\(result.stderr)")
    let cloud = try FakeCloudState.load(path: home.path + "/landfall/sandbox/cloud.json")
    #expect(cloud.items("vms").isEmpty)
    let third = try JSONParser.parse(server.requests[2].body)
    #expect(third["messages"]?.arrayValue?.last?["content"] == .string("the person declined create_vm"))
  }
}
