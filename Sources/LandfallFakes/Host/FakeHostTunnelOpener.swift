public import LandfallCore

/// Tunnels to the fake VM: a service the VM serves on its own loopback (PostgreSQL on
/// 127.0.0.1:5432) is a loopback server on this machine, so the tunnel's local port is that
/// server's port and nothing is forwarded.
public struct FakeHostTunnelOpener: SSHTunnelOpener {
  /// This machine's port for a port on the VM's loopback, when something listens there.
  private let localPort: @Sendable (Int) async -> Int?

  /// An opener where the VM's `port` is this machine's `ports[port]`.
  public init(ports: [Int: Int]) {
    localPort = { ports[$0] }
  }

  /// An opener that asks `localPort` where the VM's port is on this machine (nil: nothing listens).
  public init(localPort: @escaping @Sendable (Int) async -> Int?) {
    self.localPort = localPort
  }

  public func openTunnel(through server: SSHTarget, to host: String, port: Int) async throws(SSHError) -> any SSHTunnel {
    guard ["127.0.0.1", "localhost", "::1"].contains(host), let local = await localPort(port) else {
      throw .failed("the VM refused to forward to \(host):\(port): nothing listens there")
    }
    return LoopbackTunnel(localPort: local)
  }
}

/// A tunnel that is a loopback port already.
struct LoopbackTunnel: SSHTunnel {
  let localPort: Int
  func close() async {}
}
