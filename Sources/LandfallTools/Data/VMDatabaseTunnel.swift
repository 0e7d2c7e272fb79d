public import LandfallCore
import LandfallModel

/// How the data tools reach PostgreSQL on the VM without opening a port: a tunnel over SSH to the
/// server the host tools use, to the address the database URL names as seen from that server.
public struct VMDatabaseTunnel: Sendable {
  public var opener: any SSHTunnelOpener
  /// The VM to log in to, when one is known.
  public var server: @Sendable () async -> SSHTarget?

  /// A tunnel source.
  public init(opener: any SSHTunnelOpener, server: @escaping @Sendable () async -> SSHTarget?) {
    self.opener = opener
    self.server = server
  }

  /// The argument that sends a tool's target URL through the tunnel.
  static let argument: (String, JSONValue) = (
    "target_on_vm",
    .object([("type", .string("boolean")), ("description", .string("the target URL is on the VM (e.g. 127.0.0.1:5432 there): reach it through an SSH tunnel"))])
  )

  /// Runs `body` with `endpoint`, moved onto a tunnel when `arguments` ask for the VM.
  static func reaching<T: Sendable>(
    _ endpoint: PostgresEndpoint, _ arguments: JSONValue, with tunnel: VMDatabaseTunnel?,
    _ body: (PostgresEndpoint) async throws(ToolFailure) -> T
  ) async throws(ToolFailure) -> T {
    guard arguments["target_on_vm"]?.boolValue == true else { return try await body(endpoint) }
    guard endpoint.isLoopback else {
      throw .invalidArguments("with target_on_vm the target URL names the VM's own PostgreSQL as the VM sees it (127.0.0.1:PORT), not \(endpoint.host)")
    }
    guard let tunnel else { throw .unavailable("no SSH tunnel to the VM is configured in this session; give a URL this machine can reach") }
    guard let server = await tunnel.server() else {
      throw .invalidArguments("no server is connected yet: call host_connect with the VM's address and key path")
    }
    let opened: any SSHTunnel
    do {
      opened = try await tunnel.opener.openTunnel(through: server, to: endpoint.host, port: endpoint.port)
    } catch {
      if case .unreachable = error { throw .unavailable(error.description) }
      throw .failed(error.description)
    }
    return try await LocalRoute.run(endpoint, localPort: opened.localPort, close: { await opened.close() }, body)
  }
}
