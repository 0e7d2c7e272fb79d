import Foundation
import LandfallCore
import LandfallFakes
import LandfallMCP
import LandfallModel
import LandfallPolicy
import LandfallTestSupport
import LandfallTransport
import Testing

@Suite(.ownThreads) struct MCPConfigAndToolTests {
  @Test func mcpJSONInTheUsualFormatIsRead() throws {
    let text = #"{"mcpServers": {"americancloud": {"command": "npx", "args": ["-y", "@americancloud/mcp"], "env": {"AMERICANCLOUD_API_CLIENT_ID": "x"}}}}"#
    let configs = try MCPServerConfig.parse(text, path: ".mcp.json")
    #expect(configs == [MCPServerConfig(name: "americancloud", command: "npx", arguments: ["-y", "@americancloud/mcp"], environment: ["AMERICANCLOUD_API_CLIENT_ID": "x"])])
    #expect(throws: InputError("invalid JSON: expected a string key", source: ".mcp.json", line: 1, column: 2)) {
      try MCPServerConfig.parse("{,}", path: ".mcp.json")
    }
    #expect(throws: InputError("server \"a\" needs a \"command\"", source: "m.json")) {
      try MCPServerConfig.parse(#"{"mcpServers": {"a": {}}}"#, path: "m.json")
    }
  }

  @Test func theDefaultServerGetsWritesOnlyWhenTheSessionAllowsThem() {
    #expect(!MCPServerConfig.americanCloud(allowWrites: false).arguments.contains("--allow-writes"))
    #expect(MCPServerConfig.americanCloud(allowWrites: true).arguments.contains("--allow-writes"))
    #expect(MCPServerConfig.americanCloud(allowWrites: true).arguments.contains("compute,storage,networking,kubernetes,dns"))
  }

  @Test func aGeneratedPrivateKeyIsSavedAndNeverShown() async throws {
    let directory = FakeCloudServer.temporaryFile("ssh")
    let connection = FakeCloudServer.connection()
    var registry = ToolRegistry()
    try await MCPToolset.register(connection, server: "americancloud", keys: LocalPrivateKeyStore(directory: directory), into: &registry)
    let log = InMemoryEventLog()
    let vault = SecretVault()
    let runner = ToolRunner(
      registry: registry, configuration: .init(permissions: SessionPermissions(allowWrites: true, assumeYes: true)),
      approver: ScriptedApprover([]), vault: vault, log: log)
    let result = try await runner.run(ToolCall(id: "k", name: "create_ssh_key", arguments: .object([("name", .string("deploy"))])), phase: .provisionAndDeploy)
    await connection.stop()
    #expect(result.ok)
    #expect(result.result.contains("saved to \(directory)/landfall-deploy (mode 0600)"))
    #expect(!result.result.contains("PRIVATE KEY"))
    let saved = try String(contentsOfFile: directory + "/landfall-deploy", encoding: .utf8)
    #expect(saved.contains("BEGIN OPENSSH PRIVATE KEY"))
    let mode = try FileManager.default.attributesOfItem(atPath: directory + "/landfall-deploy")[.posixPermissions] as? Int
    #expect(mode == 0o600)
    #expect(await vault.names == ["SSH_PRIVATE_KEY_DEPLOY"])
    let recorded = await log.events.map { JSONWriter.string($0.json) }.joined()
    #expect(!recorded.contains("BEGIN OPENSSH PRIVATE KEY"))
  }

  @Test func cloudToolsTakeTheirClassFromAnnotationsAndArePricedByName() async throws {
    let connection = FakeCloudServer.connection()
    var registry = ToolRegistry()
    try await MCPToolset.register(connection, server: "americancloud", keys: LocalPrivateKeyStore(directory: "/tmp"), into: &registry)
    await connection.stop()
    let specs = Dictionary(uniqueKeysWithValues: registry.specs.map { ($0.name, $0) })
    #expect(specs["create_vm"]?.effect == .write)
    #expect(specs["create_vm"]?.billable == true)
    #expect(specs["detach_block_storage_volume"]?.effect == .write)
    #expect(specs["delete_vm"]?.effect == .destructive)
    #expect(specs["list_regions"]?.effect == .read)
    #expect(specs["create_vm"]?.source == .mcp(server: "americancloud"))
    #expect(registry.specs(for: .planAndPrice).allSatisfy { $0.effect == .read })
    #expect(registry.specs(for: .dnsAndTLS).contains { $0.name == "create_dns_record" })
    #expect(!registry.specs(for: .planAndPrice).contains { $0.name == "create_dns_record" })
  }
}
