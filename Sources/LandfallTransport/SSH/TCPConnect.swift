import Foundation
internal import LandfallCore

/// A TCP connection with a deadline: non-blocking connect, then `poll` until it completes.
enum TCPConnect {
  static func connect(host: String, port: Int, timeout: Duration) throws(SSHError) -> Int32 {
    var hints = addrinfo()
    hints.ai_family = AF_UNSPEC
    hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
    var results: UnsafeMutablePointer<addrinfo>?
    let status = getaddrinfo(host, String(port), &hints, &results)
    guard status == 0, let first = results else {
      throw .unreachable(host: host, port: port, reason: String(cString: gai_strerror(status)))
    }
    defer { freeaddrinfo(results) }
    var reason = "no address"
    var entry: UnsafeMutablePointer<addrinfo>? = first
    let milliseconds = Int32(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
    while let address = entry {
      entry = address.pointee.ai_next
      let descriptor = socket(address.pointee.ai_family, address.pointee.ai_socktype, address.pointee.ai_protocol)
      guard descriptor >= 0 else { continue }
      _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
      if Glibc.connect(descriptor, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 { return descriptor }
      guard errno == EINPROGRESS else {
        reason = String(cString: strerror(errno))
        close(descriptor)
        continue
      }
      var poller = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
      let ready = poll(&poller, 1, milliseconds)
      var error: Int32 = 0
      var length = socklen_t(MemoryLayout<Int32>.size)
      getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &error, &length)
      if ready == 1, error == 0 { return descriptor }
      reason = ready == 0 ? "no answer within \(timeout)" : String(cString: strerror(error))
      close(descriptor)
    }
    throw .unreachable(host: host, port: port, reason: reason)
  }
}
