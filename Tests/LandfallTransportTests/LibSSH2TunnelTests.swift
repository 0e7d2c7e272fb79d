import Foundation
import LandfallCore
import LandfallFakes
import LandfallRigs
import LandfallTestSupport
import LandfallTransport
import Testing

@Suite(.serialized, .ownThreads) struct LibSSH2TunnelTests {
  @Test func aTunnelReachesTheServersLoopbackPostgresWithSeveralSessionsAtOnce() async throws {
    let server = try LoopbackSSHServer()
    defer { server.stop() }
    let cluster = try LoopbackPostgresCluster()
    defer { cluster.stop() }
    let opener: any SSHTunnelOpener = LibSSH2Connector(knownHostsPath: server.directory + "/landfall/known_hosts")
    let target = SSHTarget(host: "127.0.0.1", port: server.port, user: server.user, identityFile: server.ed25519Key, connectTimeout: .seconds(5))
    let tunnel = try await opener.openTunnel(through: target, to: "127.0.0.1", port: cluster.port)
    #expect(tunnel.localPort != cluster.port)
    let endpoint = PostgresEndpoint(host: "127.0.0.1", port: tunnel.localPort, database: "postgres", user: "postgres")

    let first = try LibPQConnector().connect(to: endpoint, applicationName: "tunnel-first")
    let second = try LibPQConnector().connect(to: endpoint, applicationName: "tunnel-second")
    let ports = try first.query("SELECT inet_server_port()")
    #expect(ports == [[String(cluster.port)]])
    try first.execute("CREATE TABLE blobs (id int PRIMARY KEY, body text)")
    try first.execute("INSERT INTO blobs SELECT g, repeat(md5(g::text), 100000) FROM generate_series(1, 3) g")
    let local = try cluster.psql("postgres", "SELECT sum(length(body)), md5(string_agg(body, '' ORDER BY id)) FROM blobs")
    let remote = try second.query("SELECT sum(length(body)), md5(string_agg(body, '' ORDER BY id)) FROM blobs")
    #expect(local.trimmingCharacters(in: .whitespacesAndNewlines) == remote.first?.compactMap { $0 }.joined(separator: "|"))
    var received = 0
    _ = try second.copyOut("COPY blobs TO STDOUT") { received += $0.count }
    #expect(received > 9_600_000)
    let sessions = try first.query("SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'tunnel-%'")
    #expect(sessions == [["2"]])
    first.close()
    second.close()

    await tunnel.close()
    #expect(throws: (any Error).self) { try LibPQConnector().connect(to: endpoint, applicationName: "after-close") }
  }

  @Test func aTunnelToAPortNobodyListensOnFailsTheClientInsteadOfHanging() async throws {
    let server = try LoopbackSSHServer()
    defer { server.stop() }
    let opener = LibSSH2Connector(knownHostsPath: server.directory + "/landfall/known_hosts")
    let target = SSHTarget(host: "127.0.0.1", port: server.port, user: server.user, identityFile: server.ed25519Key, connectTimeout: .seconds(5))
    let unused = try LoopbackSSHServer.freePort()
    let tunnel = try await opener.openTunnel(through: target, to: "127.0.0.1", port: unused)
    let endpoint = PostgresEndpoint(host: "127.0.0.1", port: tunnel.localPort, database: "postgres", user: "postgres")
    #expect(throws: (any Error).self) { try LibPQConnector().connect(to: endpoint, applicationName: "nobody") }
    await tunnel.close()
  }
}
