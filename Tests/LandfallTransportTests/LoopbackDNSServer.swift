import Foundation

/// A DNS server on 127.0.0.1 for resolver tests: the same port over UDP and TCP, each query
/// answered by `respond` (zero or more datagrams over UDP; the first reply over TCP).
final class LoopbackDNSServer: @unchecked Sendable {
  typealias Responder = @Sendable (_ query: [UInt8], _ overTCP: Bool) -> [[UInt8]]

  let port: Int
  private let udp: Int32
  private let tcp: Int32
  private let respond: Responder
  private let lock = NSLock()
  private var stopped = false
  private var udpQueries = 0
  private var tcpQueries = 0

  init(respond: @escaping Responder) throws {
    self.respond = respond
    var bound: (Int32, Int32, Int)?
    for _ in 0..<20 {
      let tcp = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
      var address = sockaddr_in(sin_family: sa_family_t(AF_INET), sin_port: 0, sin_addr: in_addr(s_addr: inet_addr("127.0.0.1")), sin_zero: (0, 0, 0, 0, 0, 0, 0, 0))
      var length = socklen_t(MemoryLayout<sockaddr_in>.size)
      _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(tcp, $0, length) } }
      _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(tcp, $0, &length) } }
      listen(tcp, 8)
      let udp = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
      let status = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(udp, $0, length) } }
      if status == 0 {
        bound = (udp, tcp, Int(UInt16(bigEndian: address.sin_port)))
        break
      }
      close(udp)
      close(tcp)
    }
    guard let bound else { throw POSIXError(.EADDRINUSE) }
    (udp, tcp, port) = bound
    Thread.detachNewThread { self.serveUDP() }
    Thread.detachNewThread { self.serveTCP() }
  }

  /// How many queries arrived over UDP and over TCP.
  var queries: (udp: Int, tcp: Int) { lock.withLock { (udpQueries, tcpQueries) } }

  func stop() {
    lock.withLock { stopped = true }
  }

  private var isStopped: Bool { lock.withLock { stopped } }

  private func ready(_ descriptor: Int32) -> Bool {
    var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
    return poll(&poller, 1, 50) > 0
  }

  private func serveUDP() {
    defer { close(udp) }
    var buffer = [UInt8](repeating: 0, count: 4096)
    while !isStopped {
      guard ready(udp) else { continue }
      var peer = sockaddr_storage()
      var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
      let count = withUnsafeMutablePointer(to: &peer) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { recvfrom(udp, &buffer, buffer.count, 0, $0, &length) }
      }
      guard count > 0 else { continue }
      lock.withLock { udpQueries += 1 }
      for reply in respond(Array(buffer[0..<count]), false) {
        _ = withUnsafePointer(to: &peer) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(udp, reply, reply.count, 0, $0, length) } }
      }
    }
  }

  private func serveTCP() {
    defer { close(tcp) }
    while !isStopped {
      guard ready(tcp) else { continue }
      let connection = accept(tcp, nil, nil)
      guard connection >= 0 else { continue }
      defer { close(connection) }
      var prefix = [UInt8](repeating: 0, count: 2)
      guard recv(connection, &prefix, 2, Int32(MSG_WAITALL)) == 2 else { continue }
      var query = [UInt8](repeating: 0, count: Int(prefix[0]) << 8 | Int(prefix[1]))
      guard recv(connection, &query, query.count, Int32(MSG_WAITALL)) == query.count else { continue }
      lock.withLock { tcpQueries += 1 }
      guard let reply = respond(query, true).first else { continue }
      let framed = [UInt8(reply.count >> 8), UInt8(reply.count & 0xFF)] + reply
      _ = send(connection, framed, framed.count, Int32(MSG_NOSIGNAL))
    }
  }
}

/// A reproducible random source (xorshift64*) for corruption tests.
struct SeededGenerator: RandomNumberGenerator {
  private var state: UInt64

  init(seed: UInt64) {
    state = seed == 0 ? 1 : seed
  }

  mutating func next() -> UInt64 {
    state ^= state >> 12
    state ^= state << 25
    state ^= state >> 27
    return state &* 0x2545_F491_4F6C_DD1D
  }
}
