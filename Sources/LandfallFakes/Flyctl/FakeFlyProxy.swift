import Foundation

/// `fly proxy LOCAL[:REMOTE] -a APP`: listens on 127.0.0.1:LOCAL and carries every connection to
/// the app's `proxyTarget` on 127.0.0.1 (a loopback PostgreSQL in tests and the sandbox), until stopped.
public struct FakeFlyProxy: Sendable {
  public let localPort: Int
  public let targetPort: Int
  /// What flyctl prints when the proxy is up.
  public let banner: String
  /// A fault: cut a connection once this many bytes came from the app over all connections.
  public let dropAfterBytes: Int?

  /// Reads a `proxy` command line against `state`; a refusal is flyctl's error as a result.
  public static func plan(_ arguments: [String], state: FakeFlyState) -> Result<FakeFlyProxy, FakeFlyProxyRefusal> {
    let line = FlyctlArguments(arguments)
    guard line.positional.first == "proxy", line.positional.count >= 2 else {
      return .failure(FakeFlyProxyRefusal(message: "Error: requires at least 1 arg(s), only received 0"))
    }
    let ports = line.positional[1].split(separator: ":")
    guard let local = ports.first.flatMap({ Int($0) }), (1...65535).contains(local) else {
      return .failure(FakeFlyProxyRefusal(message: "Error: invalid port mapping \(line.positional[1])"))
    }
    let remote = ports.count > 1 ? String(ports[1]) : String(local)
    guard let name = line.app, let app = state.app(named: name) else {
      return .failure(FakeFlyProxyRefusal(message: "Error: Could not find App \"\(line.app ?? "")\""))
    }
    guard let target = app.proxyTarget, target.hasPrefix("127.0.0.1:"), let port = Int(target.dropFirst("127.0.0.1:".count)) else {
      return .failure(FakeFlyProxyRefusal(message: "Error: no machines are listening on [\(name).internal]:\(remote)"))
    }
    return .success(FakeFlyProxy(
      localPort: local, targetPort: port,
      banner: "Proxying local port \(local) to remote [\(name).internal]:\(remote)\n", dropAfterBytes: app.proxyDropAfterBytes))
  }

  /// Accepts connections and forwards each on two threads until the process is stopped;
  /// `dropped` runs once when the drop fault cuts a connection.
  public func serve(dropped: @escaping @Sendable () -> Void = {}) throws -> Never {
    let cut = dropAfterBytes.map { DropFault(limit: $0, dropped: dropped) }
    let listener = try LoopbackSocket.bound(port: localPort).descriptor
    guard listen(listener, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
    while true {
      let client = accept(listener, nil, nil)
      guard client >= 0 else { continue }
      guard let upstream = LoopbackSocket.connected(port: targetPort) else {
        close(client)
        continue
      }
      Self.pipe(from: client, to: upstream, cut: nil)
      Self.pipe(from: upstream, to: client, cut: cut)
    }
  }

  private static func pipe(from source: Int32, to destination: Int32, cut: DropFault?) {
    Thread.detachNewThread {
      var buffer = [UInt8](repeating: 0, count: 65_536)
      while true {
        let count = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
        guard count > 0 else { break }
        if let cut, cut.shouldCut(adding: count) {
          shutdown(source, Int32(SHUT_RDWR))
          shutdown(destination, Int32(SHUT_RDWR))
          return
        }
        var sent = 0
        while sent < count {
          let written = buffer[sent..<count].withUnsafeBytes { write(destination, $0.baseAddress, $0.count) }
          guard written > 0 else { break }
          sent += written
        }
        if sent < count { break }
      }
      shutdown(destination, Int32(SHUT_WR))
      shutdown(source, Int32(SHUT_RD))
    }
  }
}

/// The drop fault: once the proxy has carried `limit` bytes from the app over all its
/// connections, the connection carrying the next bytes is cut, and only that one.
final class DropFault: @unchecked Sendable {
  private let limit: Int
  private let dropped: @Sendable () -> Void
  private let lock = NSLock()
  private var carried = 0
  private var used = false

  init(limit: Int, dropped: @escaping @Sendable () -> Void) {
    self.limit = limit
    self.dropped = dropped
  }

  func shouldCut(adding count: Int) -> Bool {
    let first = lock.withLock {
      carried += count
      guard carried > limit, !used else { return false }
      used = true
      return true
    }
    if first { dropped() }
    return first
  }
}

/// flyctl's refusal of a `proxy` command line.
public struct FakeFlyProxyRefusal: Error, Sendable, Equatable {
  public var message: String
}
