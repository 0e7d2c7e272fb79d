import Foundation
import Synchronization

/// A TCP socket bound to an ephemeral port on 127.0.0.1, the start of every loopback helper.
package enum LoopbackSocket {
  /// The bound descriptor and its port (`port`, or an ephemeral one for 0); the caller owns the descriptor.
  package static func bound(port: Int = 0) throws -> (descriptor: Int32, port: Int) {
    let descriptor = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw POSIXError(.EMFILE) }
    var yes: Int32 = 1
    setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard bound == 0 else {
      close(descriptor)
      throw POSIXError(.EADDRINUSE)
    }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
    }
    return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
  }

  /// True when something accepts TCP connections on 127.0.0.1:`port`.
  package static func accepts(port: Int) -> Bool {
    guard let descriptor = connected(port: port) else { return false }
    close(descriptor)
    return true
  }

  /// A connection to 127.0.0.1:`port`, or nil when nothing accepts it; the caller owns it.
  package static func connected(port: Int) -> Int32? {
    let descriptor = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { return nil }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else {
      close(descriptor)
      return nil
    }
    return descriptor
  }

  /// A port on 127.0.0.1 that nothing listens on right now, taken below the kernel's ephemeral
  /// range (32768 and up), so the outgoing connections of other tests running meanwhile cannot
  /// take it before its user binds it; ports are handed out in turn.
  package static func freePort() throws -> Int {
    for _ in 0..<reservedPorts.count {
      let port = nextReserved.withLock { offset in
        defer { offset = (offset + 1) % reservedPorts.count }
        return reservedPorts.lowerBound + offset
      }
      if let (descriptor, _) = try? bound(port: port) {
        close(descriptor)
        return port
      }
    }
    let (descriptor, port) = try bound()
    close(descriptor)
    return port
  }

  private static let reservedPorts = 20_000..<32_000
  private static let nextReserved = Mutex(Int.random(in: 0..<12_000))
}
