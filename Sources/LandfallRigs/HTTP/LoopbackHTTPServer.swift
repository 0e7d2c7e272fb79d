import Foundation
import LandfallFakes

/// A small HTTP/1.1 server on 127.0.0.1 for tests: each request is answered by a scripted
/// reply that can stream chunks with pauses, or drop the connection mid-body.
public final class LoopbackHTTPServer: @unchecked Sendable {
  /// A request as received.
  public struct Request: Sendable {
    public var method: String
    public var path: String
    public var headers: [String: String]
    public var body: String
  }

  /// One step of a reply.
  public enum Step: Sendable {
    /// Wait before the next step.
    case pause(milliseconds: Int)
    /// Send bytes of the body.
    case chunk(String)
    /// Close the connection now, without finishing the body.
    case drop
  }

  /// A reply: a status, headers, then body steps; the body ends when the connection closes.
  public struct Reply: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var steps: [Step]
    public var delayHead: Int

    /// Creates a reply; `delayHead` waits that many milliseconds before the status line.
    public init(status: Int = 200, headers: [(String, String)] = [], steps: [Step], delayHead: Int = 0) {
      self.status = status
      self.headers = headers
      self.steps = steps
      self.delayHead = delayHead
    }

    /// A complete body at once.
    public static func body(_ text: String, status: Int = 200, headers: [(String, String)] = []) -> Reply {
      Reply(status: status, headers: headers, steps: [.chunk(text)])
    }
  }

  // `requests` is guarded by `lock`; the socket is closed once by `stop`.
  private let lock = NSLock()
  private var recorded: [Request] = []
  private var delivered: [Int: Int] = [:]
  private let ended = NSCondition()
  private var endedRequests: Set<Int> = []
  private let socket: Int32
  /// The port the server listens on.
  public let port: Int
  private let handler: @Sendable (Request, Int) -> Reply

  /// Starts listening on an ephemeral loopback port; `handler` gets each request and its
  /// 1-based number.
  public init(handler: @escaping @Sendable (Request, Int) -> Reply) throws {
    self.handler = handler
    let (fd, boundPort) = try LoopbackSocket.bound()
    guard listen(fd, 16) == 0 else {
      close(fd)
      throw POSIXError(.EADDRINUSE)
    }
    socket = fd
    port = boundPort
    Thread.detachNewThread { [self] in acceptLoop() }
  }

  /// `http://127.0.0.1:PORT`.
  public var baseURL: String { "http://127.0.0.1:\(port)" }

  /// Every request so far.
  public var requests: [Request] { lock.withLock { recorded } }

  /// How many reply steps were carried out for request `number` before it ended or the client
  /// went away.
  public func stepsDelivered(to number: Int) -> Int { lock.withLock { delivered[number] ?? 0 } }

  /// How many reply steps request `number` got, once its connection has ended (the reply was
  /// complete or the client went away); waits for that.
  public func stepsDeliveredWhenEnded(to number: Int) -> Int {
    ended.lock()
    while !endedRequests.contains(number) { ended.wait() }
    ended.unlock()
    return stepsDelivered(to: number)
  }

  /// Stops accepting connections.
  public func stop() {
    shutdown(socket, Int32(SHUT_RDWR))
    close(socket)
  }

  private func acceptLoop() {
    while true {
      let client = accept(socket, nil, nil)
      guard client >= 0 else { return }
      Thread.detachNewThread { [self] in serve(client) }
    }
  }

  private func serve(_ client: Int32) {
    defer { close(client) }
    guard let request = readRequest(client) else { return }
    let number = lock.withLock { () -> Int in
      recorded.append(request)
      return recorded.count
    }
    defer {
      ended.lock()
      endedRequests.insert(number)
      ended.broadcast()
      ended.unlock()
    }
    let reply = handler(request, number)
    if reply.delayHead > 0 { usleep(UInt32(reply.delayHead) * 1000) }
    var head = "HTTP/1.1 \(reply.status) Scripted\r\nConnection: close\r\n"
    for (name, value) in reply.headers { head += "\(name): \(value)\r\n" }
    head += "\r\n"
    guard send(client, head) else { return }
    for (index, step) in reply.steps.enumerated() {
      lock.withLock { delivered[number] = index }
      switch step {
      case .pause(let milliseconds): usleep(UInt32(milliseconds) * 1000)
      case .chunk(let text): guard send(client, text) else { return }
      case .drop:
        var lingerOff = linger(l_onoff: 1, l_linger: 0)
        setsockopt(client, SOL_SOCKET, SO_LINGER, &lingerOff, socklen_t(MemoryLayout<linger>.size))
        return
      }
    }
  }

  private func send(_ client: Int32, _ text: String) -> Bool {
    let bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
      let sent = bytes[offset...].withUnsafeBytes { Glibc.send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
      if sent <= 0 { return false }
      offset += sent
    }
    return true
  }

  private func readRequest(_ client: Int32) -> Request? {
    var data: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    var headerEnd: Int?
    while headerEnd == nil {
      let count = recv(client, &buffer, buffer.count, 0)
      guard count > 0 else { return nil }
      data += buffer[0..<count]
      headerEnd = find(Array("\r\n\r\n".utf8), in: data)
    }
    guard let end = headerEnd else { return nil }
    let headText = String(decoding: data[0..<end], as: UTF8.self)
    var lines = headText.components(separatedBy: "\r\n")
    let requestLine = lines.removeFirst().split(separator: " ")
    var headers: [String: String] = [:]
    for line in lines {
      guard let colon = line.firstIndex(of: ":") else { continue }
      headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    let length = Int(headers["content-length"] ?? "0") ?? 0
    var body = Array(data[(end + 4)...])
    while body.count < length {
      let count = recv(client, &buffer, buffer.count, 0)
      guard count > 0 else { break }
      body += buffer[0..<count]
    }
    return Request(
      method: requestLine.first.map(String.init) ?? "", path: requestLine.count > 1 ? String(requestLine[1]) : "/",
      headers: headers, body: String(decoding: body, as: UTF8.self))
  }

  private func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
    guard haystack.count >= needle.count else { return nil }
    for index in 0...(haystack.count - needle.count) where Array(haystack[index..<index + needle.count]) == needle {
      return index
    }
    return nil
  }
}
