import Foundation
import LandfallCore
import LandfallRigs
import LandfallModel
import LandfallTestSupport
import LandfallTools
import LandfallTransport
import Testing

@Suite(.serialized, .ownThreads) struct TunnelledCopyTests {
  @Test func theFinalCopyReachesTheTargetThroughAnSSHTunnelAndVerifies() async throws {
    let pair = try PostgresPair(eventRows: 500)
    let server = try LoopbackSSHServer()
    defer { server.stop() }
    let target = SSHTarget(host: "127.0.0.1", port: server.port, user: server.user, identityFile: server.ed25519Key, connectTimeout: .seconds(5))
    let connector = EndpointRecordingConnector()
    let tunnel = VMDatabaseTunnel(opener: LibSSH2Connector(knownHostsPath: server.directory + "/known_hosts"), server: { target })
    let settings = DataToolSettings(connector: connector, commands: ProcessCommandRunner(path: "/usr/bin:/bin"), jobs: 2, vmTunnel: tunnel)
    let arguments: JSONValue = .object([
      ("source_url", .string(pair.sourceCluster.url("app"))), ("target_url", .string(pair.targetCluster.url("app"))),
      ("final", .bool(true)), ("target_on_vm", .bool(true)),
    ])
    let copy = try await DataCopyTool(settings: settings).run(arguments, context: ToolContext(vault: SecretVault()))
    #expect(!copy.isError, "\(copy.text)")
    #expect(copy.facts == [.restoreCompleted], "only Fly Postgres through the proxy against the VM through the tunnel counts")
    #expect(copy.text.contains("does not count for the cutover"))
    let ports = Set(connector.endpoints.map(\.port))
    #expect(!ports.contains(pair.targetCluster.port))
    #expect(ports.contains(pair.sourceCluster.port))
    #expect(ports.count == 2)
    let counts = try pair.targetCluster.psql("app", "SELECT count(*) FROM events")
    #expect(counts.trimmingCharacters(in: .whitespacesAndNewlines) == "500")
  }

  @Test func withoutATunnelTheToolSaysSoInsteadOfReachingElsewhere() async throws {
    let settings = DataToolSettings(connector: EndpointRecordingConnector(), commands: ProcessCommandRunner(path: "/usr/bin:/bin"))
    let arguments: JSONValue = .object([
      ("source_url", .string("postgres://postgres@127.0.0.1:1/app")), ("target_url", .string("postgres://postgres@127.0.0.1:5432/app")),
      ("target_on_vm", .bool(true)),
    ])
    await #expect(throws: ToolFailure.unavailable("no SSH tunnel to the VM is configured in this session; give a URL this machine can reach")) {
      try await DataVerifyTool(settings: settings).run(arguments, context: ToolContext(vault: SecretVault()))
    }
  }
}

/// libpq, remembering every endpoint it was asked to reach.
final class EndpointRecordingConnector: PostgresConnector, @unchecked Sendable {
  private let seen = Box<[PostgresEndpoint]>([])

  var endpoints: [PostgresEndpoint] { seen.current }

  func connect(to endpoint: PostgresEndpoint, applicationName: String) throws -> any PostgresConnection {
    seen.update { $0.append(endpoint) }
    return try LibPQConnector().connect(to: endpoint, applicationName: applicationName)
  }
}
