import Foundation

/// A loopback port that refuses connections for as long as this value lives: the socket is
/// bound but never listens, so no other test can be handed the same port meanwhile.
public final class ReservedPort: @unchecked Sendable {
  // Owned; closed in deinit.
  private let socket: Int32
  public let port: Int

  /// Reserves a port.
  public init() throws {
    let descriptor = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard descriptor >= 0, bound == 0 else {
      close(descriptor)
      throw POSIXError(.EADDRINUSE)
    }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
    }
    socket = descriptor
    port = Int(UInt16(bigEndian: address.sin_port))
  }

  deinit {
    close(socket)
  }
}
