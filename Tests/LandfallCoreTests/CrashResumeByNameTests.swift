import LandfallCore
import LandfallFakes
import LandfallModel
import LandfallPolicy
import LandfallTestSupport
import Testing

/// A session killed at any point of a billable create, then resumed, with the person approving a
/// fresh estimate: the cloud already holding a server of the name the session chose, or the
/// ledger already holding it, stops the second create, so one migration never makes two.
@Suite(.ownThreads) struct CrashResumeByNameTests {
  actor NamedCloud {
    private(set) var servers: [String] = []
    func create(_ name: String) -> Int {
      servers.append(name)
      return servers.count
    }
    func restore(_ names: [String]) { servers = names }
  }

  struct CreateServer: Tool {
    let cloud: NamedCloud
    let log: InMemoryEventLog
    let moments: Collected<Int>
    var spec: ToolSpec {
      ToolSpec(
        name: "create_server", description: "creates a server", inputSchema: .object([("type", .string("object"))]), effect: .write,
        billable: true, pricedBy: "get_cost_estimate_vm", creates: CreatedResource(listedBy: "list_servers", namedBy: "name"))
    }
    func run(_ arguments: JSONValue, context: ToolContext) async throws(ToolFailure) -> ToolOutput {
      moments.add(await log.events.count)
      let name = arguments["name"]?.stringValue ?? ""
      let count = await cloud.create(name)
      return ToolOutput(JSONWriter.string(.object([("id", .string("srv-\(count)")), ("name", .string(name))])))
    }
  }

  struct ListServers: Tool {
    let cloud: NamedCloud
    var spec: ToolSpec { ToolSpec(name: "list_servers", description: "lists servers", inputSchema: .object([("type", .string("object"))]), effect: .read) }
    func run(_ arguments: JSONValue, context: ToolContext) async throws(ToolFailure) -> ToolOutput {
      let servers = await cloud.servers.enumerated().map { JSONValue.object([("id", .string("srv-\($0.offset + 1)")), ("name", .string($0.element))]) }
      return ToolOutput(JSONWriter.string(.object([("data", .array(servers))])))
    }
  }

  @Test func aResumedSessionReusesTheServerItsCrashedCreateMade() async throws {
    let cloud = NamedCloud()
    let log = InMemoryEventLog()
    let moments = Collected<Int>()
    let original = await RunnerFixture(
      approvals: [true], extra: [CreateServer(cloud: cloud, log: log, moments: moments), ListServers(cloud: cloud)], log: log)
    _ = try await original.call("get_cost_estimate_vm", RunnerFixture.vmArguments)
    #expect(try await original.call("create_server", RunnerFixture.vmArguments).ok)
    let events = await log.events
    let askedAt = try #require(moments.all.first)
    for cut in 0...events.count {
      await cloud.restore(cut >= askedAt ? ["web"] : [])
      let resumedLog = InMemoryEventLog()
      let resumed = await RunnerFixture(
        approvals: [true, true],
        extra: [CreateServer(cloud: cloud, log: resumedLog, moments: Collected<Int>()), ListServers(cloud: cloud)], log: resumedLog)
      await resumed.runner.restore(from: Array(events.prefix(cut)))
      _ = try await resumed.call("get_cost_estimate_vm", RunnerFixture.vmArguments)
      let retry = try await resumed.call("create_server", RunnerFixture.vmArguments)
      let servers = await cloud.servers
      #expect(servers == ["web"], "cut after event \(cut): the cloud holds \(servers)")
      if cut >= askedAt {
        #expect(!retry.ok && retry.result.contains("web already exists (id srv-1"), "cut after event \(cut): \(retry.result)")
      } else {
        #expect(retry.ok, "cut after event \(cut): \(retry.result)")
      }
    }
  }

  @Test func aFreshSessionDoesNotAdoptASameNamedServerItNeverAskedFor() async throws {
    let cloud = NamedCloud()
    await cloud.restore(["web"])
    let log = InMemoryEventLog()
    let fresh = await RunnerFixture(
      approvals: [true], extra: [CreateServer(cloud: cloud, log: log, moments: Collected<Int>()), ListServers(cloud: cloud)], log: log)
    _ = try await fresh.call("get_cost_estimate_vm", RunnerFixture.vmArguments)
    let created = try await fresh.call("create_server", RunnerFixture.vmArguments)
    #expect(created.ok, "\(created.result)")
    #expect(await cloud.servers == ["web", "web"], "the cloud, not Landfall, decides whether a second server of that name may exist")
  }
}
