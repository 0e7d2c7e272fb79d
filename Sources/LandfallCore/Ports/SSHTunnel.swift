/// A port on 127.0.0.1 of this machine that leads, through one SSH connection, to a host and port
/// the server can reach (its own loopback, typically), so nothing is opened to the internet.
///
/// Live: `LibSSH2Tunnel` (LandfallTransport).
public protocol SSHTunnel: Sendable {
  /// The local port to connect to.
  var localPort: Int { get }
  /// Stops accepting connections, ends the open ones and closes the SSH connection.
  func close() async
}

/// Opens tunnels over SSH (`direct-tcpip` channels).
///
/// Live: `LibSSH2Connector` (LandfallTransport).
public protocol SSHTunnelOpener: Sendable {
  /// Connects to `server` (host key pinned, key login) and forwards every connection made to the
  /// returned tunnel's local port to `host`:`port` as seen from the server.
  func openTunnel(through server: SSHTarget, to host: String, port: Int) async throws(SSHError) -> any SSHTunnel
}
