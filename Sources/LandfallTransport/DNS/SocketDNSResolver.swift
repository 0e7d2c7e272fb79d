import Foundation
public import LandfallCore

/// A small stub resolver over the system's sockets: the query goes over UDP, is retried when no
/// answer comes within the timeout, and is asked again over TCP when the reply is truncated.
/// Replies whose ID or question differ from the query are ignored, as a spoofed datagram would be.
public struct SocketDNSResolver: DNSResolver {
  private let timeout: Duration
  private let attempts: Int

  /// A resolver that waits `timeout` for each of `attempts` UDP tries (and for each TCP step).
  public init(timeout: Duration = .seconds(2), attempts: Int = 3) {
    self.timeout = timeout
    self.attempts = max(1, attempts)
  }

  public func query(_ name: String, type: DNSRecordType, server: DNSServer) async throws(DNSError) -> DNSReply {
    let id = UInt16.random(in: 0...UInt16.max)
    let message = try DNSMessage.query(id: id, name: name, type: type)
    let exchange = Exchange(message: message, id: id, name: name, type: type, server: server, timeout: timeout, attempts: attempts)
    let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<DNSReply, DNSError>, Never>) in
      Thread.detachNewThread { continuation.resume(returning: exchange.run()) }
    }
    return try result.get()
  }
}

/// One query's blocking exchange, run on its own thread.
private struct Exchange: Sendable {
  let message: [UInt8]
  let id: UInt16
  let name: String
  let type: DNSRecordType
  let server: DNSServer
  let timeout: Duration
  let attempts: Int

  func run() -> Result<DNSReply, DNSError> {
    do {
      for _ in 0..<attempts {
        guard let reply = try overUDP() else { continue }
        return .success(reply.truncated ? try overTCP() : reply)
      }
      return .failure(.unreachable(server: server.description, reason: "no answer over UDP after \(attempts) tries of \(timeout) each"))
    } catch {
      return .failure(error)
    }
  }

  private func unreachable(_ reason: String) -> DNSError { .unreachable(server: server.description, reason: reason) }

  private func systemError() -> String { String(cString: strerror(errno)) }

  private func overUDP() throws(DNSError) -> DNSReply? {
    var hints = addrinfo()
    hints.ai_family = AF_UNSPEC
    hints.ai_socktype = Int32(SOCK_DGRAM.rawValue)
    var results: UnsafeMutablePointer<addrinfo>?
    let status = getaddrinfo(server.host, String(server.port), &hints, &results)
    guard status == 0, let address = results else { throw unreachable(String(cString: gai_strerror(status))) }
    defer { freeaddrinfo(results) }
    let descriptor = socket(address.pointee.ai_family, address.pointee.ai_socktype, address.pointee.ai_protocol)
    guard descriptor >= 0 else { throw unreachable(systemError()) }
    defer { close(descriptor) }
    guard connect(descriptor, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 else { throw unreachable(systemError()) }
    guard send(descriptor, message, message.count, Int32(MSG_NOSIGNAL)) == message.count else { throw unreachable(systemError()) }
    let deadline = ContinuousClock.now + timeout
    var buffer = [UInt8](repeating: 0, count: 65_535)
    while try wait(descriptor, until: deadline) {
      let count = recv(descriptor, &buffer, buffer.count, 0)
      if count < 0 {
        if errno == ECONNREFUSED { throw unreachable("connection refused (nothing listens on that UDP port)") }
        continue
      }
      if let reply = try accept(Array(buffer[0..<count])) { return reply }
    }
    return nil
  }

  private func overTCP() throws(DNSError) -> DNSReply {
    let descriptor: Int32
    do {
      descriptor = try TCPConnect.connect(host: server.host, port: server.port, timeout: timeout)
    } catch {
      if case .unreachable(_, _, let reason) = error { throw unreachable("over TCP after a truncated reply: \(reason)") }
      throw unreachable("over TCP: \(error)")
    }
    defer { close(descriptor) }
    let deadline = ContinuousClock.now + timeout
    var framed = [UInt8(message.count >> 8), UInt8(message.count & 0xFF)] + message
    while !framed.isEmpty {
      let sent = send(descriptor, framed, framed.count, Int32(MSG_NOSIGNAL))
      if sent < 0, errno != EAGAIN, errno != EINTR { throw unreachable("over TCP: \(systemError())") }
      if sent > 0 { framed.removeFirst(sent) }
      if !framed.isEmpty, !(try wait(descriptor, until: deadline, events: Int16(POLLOUT))) { throw unreachable("over TCP: the query could not be sent within \(timeout)") }
    }
    let prefix = try read(descriptor, count: 2, until: deadline)
    let length = Int(prefix[0]) << 8 | Int(prefix[1])
    guard let reply = try accept(try read(descriptor, count: length, until: deadline)) else {
      throw .malformed("the TCP reply answers another query (ID or question differs)")
    }
    return reply
  }

  private func read(_ descriptor: Int32, count: Int, until deadline: ContinuousClock.Instant) throws(DNSError) -> [UInt8] {
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: max(count, 1))
    while bytes.count < count {
      guard try wait(descriptor, until: deadline) else { throw unreachable("over TCP: no complete reply within \(timeout)") }
      let received = recv(descriptor, &buffer, count - bytes.count, 0)
      if received == 0 { throw .malformed("the server closed the TCP connection after \(bytes.count) of \(count) bytes") }
      if received < 0 {
        if errno == EAGAIN || errno == EINTR { continue }
        throw unreachable("over TCP: \(systemError())")
      }
      bytes += buffer[0..<received]
    }
    return bytes
  }

  /// Waits until the socket is ready or the deadline passes (`false`).
  private func wait(_ descriptor: Int32, until deadline: ContinuousClock.Instant, events: Int16 = Int16(POLLIN)) throws(DNSError) -> Bool {
    while true {
      let left = deadline - ContinuousClock.now
      guard left > .zero else { return false }
      var poller = pollfd(fd: descriptor, events: events, revents: 0)
      let milliseconds = Int32(min(left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000 + 1, 60_000))
      let ready = poll(&poller, 1, milliseconds)
      if ready > 0 { return true }
      if ready < 0, errno != EINTR { throw unreachable(systemError()) }
    }
  }

  /// The parsed reply when it answers this query; `nil` for a reply to another one.
  private func accept(_ bytes: [UInt8]) throws(DNSError) -> DNSReply? {
    guard bytes.count >= 2, UInt16(bytes[0]) << 8 | UInt16(bytes[1]) == id else { return nil }
    let parsed = try DNSMessage.parse(bytes)
    let asked = name.lowercased().hasSuffix(".") ? String(name.lowercased().dropLast()) : name.lowercased()
    guard let question = parsed.question, question.type == type,
      question.name.lowercased() == asked || (asked.isEmpty && question.name == ".")
    else { return nil }
    return parsed.reply
  }
}
