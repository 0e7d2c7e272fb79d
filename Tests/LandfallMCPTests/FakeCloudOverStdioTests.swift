import Foundation
import LandfallCore
import LandfallFakes
import LandfallMCP
import LandfallModel
import LandfallTestSupport
import Testing

@Suite(.ownThreads) struct FakeCloudOverStdioTests {
  @Test func readOnlyByDefaultWriteToolsAreAbsentNotRefused() async throws {
    let readOnly = FakeCloudServer.connection([])
    let tools = try await readOnly.start()
    await readOnly.stop()
    #expect(tools.allSatisfy { $0.readOnly })
    #expect(tools.contains { $0.name == "get_server_info" && !$0.openWorld })
    #expect(!tools.contains { $0.name == "create_vm" })
    #expect(!tools.contains { $0.name.contains("dns") })
    let writable = FakeCloudServer.connection(["--allow-writes", "--services", "dns"])
    let dns = try await writable.start()
    #expect(Set(dns.map(\.name)) == Set(FakeCloudCatalog.all.filter { $0.group == "dns" }.map(\.definition.name) + ["get_server_info"]))
    let refused = try await writable.call("create_vm", arguments: .object([]), retryable: false)
    await writable.stop()
    #expect(refused == MCPToolResult(text: "MCP error -32602: Tool create_vm not found", isError: true))
  }

  @Test func destructiveToolsCarryTheHintAndThePrefix() async throws {
    let connection = FakeCloudServer.connection()
    let tools = try await connection.start()
    await connection.stop()
    let delete = try #require(tools.first { $0.name == "delete_vm" })
    #expect(delete.destructive)
    #expect(delete.description.hasPrefix("⚠️ DESTRUCTIVE — "))
    #expect(tools.filter { !$0.destructive }.allSatisfy { !$0.description.contains("DESTRUCTIVE") })
  }

  @Test func aVMIsProvisionedReachableAndPointedAt() async throws {
    let statePath = FakeCloudServer.temporaryFile("cloud.json")
    let cloud = FakeCloudServer.connection(state: statePath)
    _ = try await cloud.start()
    let key = try await cloud.json("create_ssh_key", .object([("name", .string("deploy"))]))
    #expect(key["privateKey"]?.stringValue?.contains("PRIVATE KEY") == true)
    let listed = try await cloud.json("list_ssh_keys")
    #expect(listed["data"]?.arrayValue?.first?["privateKey"] == nil)
    let created = try await cloud.json("create_vm", .object([
      ("name", .string("notes-vm")), ("region", .string("us-west-0")), ("vmPackage", .string("standard-custom")),
      ("vmSpecs", .object([("vcpu", .int(2)), ("memoryMb", .int(4096)), ("rootDiskGb", .int(40))])),
      ("image", .string("ubuntu-24.04-050826")), ("subscriptionPeriod", .string("hourly")), ("keypairs", .strings(["deploy"])),
      ("networkAccess", .object([("allowEgressAll", .bool(true)), ("inboundPorts", .array([22, 80, 443].map {
        .object([("port", .int($0)), ("protocol", .string("TCP"))])
      }))])),
    ]))
    #expect(created["status"] == .string("CREATING"))
    let id = created["id"]?.stringValue ?? ""
    var status = ""
    for _ in 0..<5 where status != "STARTED" {
      status = try await cloud.json("get_vm", .object([("id", .string(id))]))["status"]?.stringValue ?? ""
    }
    #expect(status == "STARTED")
    let ips = try await cloud.json("list_public_ips_by_isolated_network", .object([("isolatedNetworkId", created["networkId"] ?? .null)]))
    let natIP = try #require(ips["data"]?.arrayValue?.first { $0["isSourceNat"] == .bool(true) })
    let address = natIP["ipAddress"]?.stringValue ?? ""
    let volume = try await cloud.json("create_block_storage_volume", .object([
      ("name", .string("notes-data")), ("sizeGb", .int(10)), ("region", .string("us-west-0")),
    ]))
    let attached = try await cloud.json("attach_block_storage_volume", .object([("id", volume["id"] ?? .null), ("vmId", .string(id))]))
    #expect(attached["status"] == .string("Attaching"))
    let shrink = try await cloud.call("scale_vm", arguments: .object([("id", .string(id)), ("cpu", .int(1))]), retryable: false)
    #expect(shrink.isError)
    #expect(shrink.text.hasPrefix("American Cloud API error (400): While the VM is running only scaling up"))
    let grow = try await cloud.call("scale_vm", arguments: .object([("id", .string(id)), ("cpu", .int(4))]), retryable: false)
    #expect(grow == MCPToolResult(text: "scale_vm succeeded (no content returned)."))
    let zone = try await cloud.json("create_dns_zone", .object([("name", .string("notes.example"))]))
    _ = try await cloud.json("create_dns_record", .object([
      ("zoneId", zone["id"] ?? .null), ("name", .string("@")), ("type", .string("A")), ("content", .string(address)), ("ttl", .int(120)),
    ]))
    await cloud.stop()
    let world = try FakeCloudState.load(path: statePath)
    #expect(world.reachablePorts(address: address).map(\.port) == [22, 80, 443])
    #expect(world.resolve("notes.example") == [DNSRecord(name: "notes.example", type: .a, ttl: 120, data: .address(address))])
  }

  @Test func apiErrorsAndBadArgumentsUseTheRealTexts() async throws {
    let cloud = FakeCloudServer.connection()
    _ = try await cloud.start()
    let missing = try await cloud.call("get_vm", arguments: .object([("id", .string("nope"))]), retryable: true)
    #expect(missing == MCPToolResult(text: "American Cloud API error (404): VM not found.", isError: true))
    let invalid = try await cloud.call("create_block_storage_volume", arguments: .object([("name", .string("x"))]), retryable: false)
    #expect(invalid.isError)
    #expect(invalid.text.hasPrefix("MCP error -32602: Input validation error: Invalid arguments for tool create_block_storage_volume:"))
    let small = try await cloud.call("create_block_storage_volume", arguments: .object([
      ("name", .string("x")), ("sizeGb", .int(5)), ("region", .string("mars-1")),
    ]), retryable: false)
    #expect(small == MCPToolResult(text: "American Cloud API error (400): region is not a known region label", isError: true))
    let info = try await cloud.json("get_server_info")
    #expect(info["readOnly"] == .bool(false))
    await cloud.stop()
  }

  @Test func aServerThatDiesMidCallFailsTheCallWithoutSpinning() async throws {
    let cloud = FakeCloudServer.connection(environment: ["LANDFALL_FAKE_CLOUD_EXIT_ON": "create_vm"], timeout: .seconds(60))
    _ = try await cloud.start()
    do {
      _ = try await cloud.call("create_vm", arguments: .object([]), retryable: false)
      Issue.record("expected the call to fail")
    } catch {
      guard case .serverDied(_, let stderr) = error else {
        Issue.record("expected serverDied, got \(error)")
        return
      }
      #expect(stderr.contains("restarted"))
    }
    let regions = try await cloud.json("list_regions")
    #expect(regions["total"] == .int(3))
    await cloud.stop()
  }

  @Test func aCommandThatDoesNotExistIsAStartFailure() async {
    let connection = MCPConnection(
      config: MCPServerConfig(name: "x", command: "no-such-mcp-server", arguments: []), searchPath: "/usr/bin") { _ in }
    await #expect(throws: MCPError.startFailed(command: "no-such-mcp-server", reason: "not found on PATH")) {
      _ = try await connection.start()
    }
  }

  @Test func aProgramThatIsNotAServerFailsTheHandshake() async {
    let connection = MCPConnection(
      config: MCPServerConfig(name: "x", command: "/bin/sh", arguments: ["-c", "echo not json; echo oops >&2; exit 1"]),
      searchPath: "/usr/bin", callTimeout: .seconds(5)) { _ in }
    do {
      _ = try await connection.start()
      Issue.record("expected a failure")
    } catch {
      guard case .handshakeFailed(let command, _) = error else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(command == "/bin/sh")
    }
  }

  /// The same crash seen from a whole `landfall tools call` process: it ends with an error and,
  /// measured on that process alone, spends little CPU (a spinning client would burn a core).
  @Test func aCrashingServerEndsTheCommandWithoutSpinning() throws {
    let home = FakeCloudServer.temporaryFile("home")
    try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    let config = home + "/mcp.json"
    let json = #"{"mcpServers": {"americancloud": {"command": "\#(FakeCloudServer.binary)", "args": ["fake", "cloud-mcp"], "env": {"LANDFALL_FAKE_CLOUD_EXIT_ON": "list_regions"}}}}"#
    try Data(json.utf8).write(to: URL(fileURLWithPath: config))
    let run = try CapturedRun(
      "/bin/bash",
      [
        "-c", #""$0" "$@" >/dev/null 2>&1; status=$?; times | tail -1; exit $status"#,
        FakeCloudServer.binary, "tools", "call", "list_regions", "--mcp-config", config,
      ], environment: ["HOME": home, "XDG_DATA_HOME": home, "PATH": "/usr/bin:/bin"])
    let times = run.output
    #expect(run.status == 1)
    #expect(try Self.seconds(inTimes: times) < 3, "\(times)")
  }

  /// The CPU seconds (user plus system) in a line of bash's `times`, such as `0m0.120s 0m0.031s`.
  static func seconds(inTimes line: String) throws -> Double {
    let fields = line.split(whereSeparator: \.isWhitespace)
    #expect(fields.count == 2, "\(line)")
    return try fields.reduce(0) { total, field in
      let parts = field.dropLast().split(separator: "m")
      let minutes = try #require(Double(parts.first ?? ""))
      let seconds = try #require(Double(parts.last ?? ""))
      return total + minutes * 60 + seconds
    }
  }
}
