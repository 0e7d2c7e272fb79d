internal import CSSH2
import Foundation
public import LandfallCore

/// A tunnel over one libssh2 connection: a thread of its own accepts local connections and pumps
/// bytes both ways between each of them and its `direct-tcpip` channel, in non-blocking mode with
/// `poll` over every socket, so a slow side only waits, never blocks the others. The thread runs
/// until `close` is called (or the SSH connection breaks).
public final class LibSSH2Tunnel: SSHTunnel, @unchecked Sendable {
  public let localPort: Int
  private let session: LibSSH2Session
  private let listener: Int32
  private let host: String
  private let port: Int
  private let stopLock = NSLock()
  private var stopRequested = false
  private let finished = DispatchSemaphore(value: 0)
  private let closing = OnceGate()

  init(session: LibSSH2Session, listener: LoopbackListener, host: String, port: Int) {
    self.session = session
    self.listener = listener.descriptor
    self.localPort = listener.port
    self.host = host
    self.port = port
    let thread = Thread { [self] in
      self.forward()
      self.finished.signal()
    }
    thread.name = "landfall.tunnel.\(listener.port)"
    thread.start()
  }

  public func close() async {
    guard closing.pass() else { return }
    stopLock.withLock { stopRequested = true }
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
      DispatchQueue.global().async { [finished] in
        finished.wait()
        continuation.resume()
      }
    }
  }

  private var shouldStop: Bool { stopLock.withLock { stopRequested } }

  /// The loop: runs until `close`, or until the SSH connection breaks.
  private func forward() {
    let connection = session.connection
    var links: [TunnelLink] = []
    defer {
      for link in links { link.release() }
      Glibc.close(listener)
      connection.shutdown()
    }
    guard let ssh = connection.session else { return }
    var buffer = [UInt8](repeating: 0, count: 65_536)
    var busy = false
    var nextKeepalive: Int32 = 0
    while !shouldStop {
      _ = libssh2_keepalive_send(ssh, &nextKeepalive)
      var descriptors = [pollfd(fd: listener, events: Int16(POLLIN), revents: 0), pollfd(fd: connection.socket, events: sshEvents(ssh), revents: 0)]
      descriptors += links.map { pollfd(fd: $0.client, events: $0.clientEvents, revents: 0) }
      _ = poll(&descriptors, nfds_t(descriptors.count), busy ? 0 : 100)
      if descriptors[1].revents & Int16(POLLERR | POLLHUP | POLLNVAL) != 0 { return }
      if descriptors[0].revents & Int16(POLLIN) != 0, let link = accept(ssh, connection) { links.append(link) }
      busy = false
      for link in links where link.pump(&buffer) { busy = true }
      links.removeAll { link in
        guard link.done else { return false }
        link.release()
        return true
      }
    }
  }

  private func sshEvents(_ ssh: OpaquePointer) -> Int16 {
    let directions = libssh2_session_block_directions(ssh)
    return Int16(POLLIN) | (directions & LIBSSH2_SESSION_BLOCK_OUTBOUND != 0 ? Int16(POLLOUT) : 0)
  }

  /// Accepts one local connection and opens its channel; a refused channel closes the connection.
  private func accept(_ ssh: OpaquePointer, _ connection: LibSSH2Connection) -> TunnelLink? {
    let client = Glibc.accept(listener, nil, nil)
    guard client >= 0 else { return nil }
    _ = fcntl(client, F_SETFL, fcntl(client, F_GETFL) | O_NONBLOCK)
    while !shouldStop {
      if let channel = libssh2_channel_direct_tcpip_ex(ssh, host, Int32(port), "127.0.0.1", Int32(localPort)) {
        return TunnelLink(client: client, channel: channel)
      }
      guard libssh2_session_last_errno(ssh) == LIBSSH2_ERROR_EAGAIN else { break }
      var descriptor = pollfd(fd: connection.socket, events: sshEvents(ssh), revents: 0)
      _ = poll(&descriptor, 1, 100)
    }
    Glibc.close(client)
    return nil
  }
}

/// One local connection and its channel, with what is waiting to go each way.
final class TunnelLink {
  let client: Int32
  private let channel: OpaquePointer
  private var toChannel: [UInt8] = []
  private var toClient: [UInt8] = []
  private var clientEnded = false
  private var endSent = false
  private var channelEnded = false
  private var broken = false

  init(client: Int32, channel: OpaquePointer) {
    self.client = client
    self.channel = channel
  }

  /// Finished: the channel ended and everything it sent was delivered, or a side broke.
  var done: Bool { broken || (channelEnded && toClient.isEmpty) }

  var clientEvents: Int16 {
    (clientEnded || !toChannel.isEmpty ? 0 : Int16(POLLIN)) | (toClient.isEmpty ? 0 : Int16(POLLOUT))
  }

  /// Moves what it can in both directions; true when any byte moved.
  func pump(_ buffer: inout [UInt8]) -> Bool {
    var moved = false
    if !clientEnded, toChannel.isEmpty {
      let count = buffer.withUnsafeMutableBytes { Glibc.read(client, $0.baseAddress, $0.count) }
      if count > 0 {
        toChannel = Array(buffer[0..<count])
      } else if count == 0 || (errno != EAGAIN && errno != EINTR) {
        clientEnded = true
      }
    }
    if !toChannel.isEmpty {
      switch ChannelWrite.some(&toChannel, to: channel) {
      case .moved: moved = true
      case .wouldBlock: break
      case .failed: broken = true
      }
    }
    if clientEnded, toChannel.isEmpty, !endSent {
      let code = libssh2_channel_send_eof(channel)
      if code == 0 { endSent = true } else if code != LIBSSH2_ERROR_EAGAIN { broken = true }
    }
    if !channelEnded, toClient.isEmpty {
      let count = buffer.withUnsafeMutableBytes { raw in
        libssh2_channel_read_ex(channel, 0, raw.baseAddress?.assumingMemoryBound(to: CChar.self), raw.count)
      }
      if count > 0 {
        toClient = Array(buffer[0..<count])
        moved = true
      } else if count == 0 || count == Int(LIBSSH2_ERROR_EAGAIN) {
        if libssh2_channel_eof(channel) != 0 { channelEnded = true }
      } else {
        broken = true
      }
    }
    if !toClient.isEmpty {
      let written = toClient.withUnsafeBytes { Glibc.write(client, $0.baseAddress, $0.count) }
      if written > 0 {
        toClient.removeFirst(written)
        moved = true
      } else if written < 0, errno != EAGAIN, errno != EINTR {
        broken = true
      }
    }
    return moved
  }

  /// Closes the local connection and frees the channel.
  func release() {
    Glibc.close(client)
    _ = libssh2_channel_close(channel)
    libssh2_channel_free(channel)
  }
}

/// Lets exactly one caller through.
final class OnceGate: @unchecked Sendable {
  private let lock = NSLock()
  private var passed = false

  func pass() -> Bool {
    lock.withLock {
      defer { passed = true }
      return !passed
    }
  }
}
