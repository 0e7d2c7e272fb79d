internal import CSSH2
import Foundation
public import LandfallCore

extension LibSSH2Connector: SSHTunnelOpener {
  /// Logs in to `server` like `connect`, listens on a free port of 127.0.0.1, and carries each
  /// connection made there through its own `direct-tcpip` channel to `host`:`port`.
  public func openTunnel(through server: SSHTarget, to host: String, port: Int) async throws(SSHError) -> any SSHTunnel {
    let listener = try LoopbackListener.open()
    let session: LibSSH2Session
    do {
      session = try await login(server)
    } catch {
      close(listener.descriptor)
      throw error
    }
    return LibSSH2Tunnel(session: session, listener: listener, host: host, port: port)
  }
}

/// A listening TCP socket on 127.0.0.1 at a port the system chose.
struct LoopbackListener {
  let descriptor: Int32
  let port: Int

  static func open() throws(SSHError) -> LoopbackListener {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw .failed("cannot open a local socket for the tunnel: \(String(cString: strerror(errno)))") }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
      pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
        bind(descriptor, raw, length) == 0 && listen(descriptor, 16) == 0 && getsockname(descriptor, raw, &length) == 0
      }
    }
    guard bound else {
      let reason = String(cString: strerror(errno))
      close(descriptor)
      throw .failed("cannot listen on 127.0.0.1 for the tunnel: \(reason)")
    }
    _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
    return LoopbackListener(descriptor: descriptor, port: Int(UInt16(bigEndian: address.sin_port)))
  }
}
