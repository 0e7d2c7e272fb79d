internal import CSSH2
import Foundation
internal import LandfallCore

/// The libssh2 state of one connection; used only from its session's serial queue.
final class LibSSH2Connection: @unchecked Sendable {
  private let target: SSHTarget
  private(set) var socket: Int32 = -1
  private(set) var session: OpaquePointer?
  private var sftp: OpaquePointer?
  private let idleTimeoutMilliseconds: Int32 = 120_000
  // Set from other threads by `cancel`; read on the session queue.
  private let cancelLock = NSLock()
  private var cancelled = false

  /// Makes the operation in progress (and any later one) stop with an error.
  func cancel() {
    cancelLock.withLock { cancelled = true }
  }

  init(target: SSHTarget) {
    self.target = target
  }

  deinit {
    shutdown()
  }

  /// TCP connect (with the target's timeout) and the SSH handshake.
  func open() throws(SSHError) {
    socket = try TCPConnect.connect(host: target.host, port: target.port, timeout: target.connectTimeout)
    guard let created = cssh2_session_init() else { throw .failed("libssh2 could not create a session") }
    session = created
    libssh2_session_set_blocking(created, 0)
    libssh2_keepalive_config(created, 1, 30)
    try again("the SSH handshake") { libssh2_session_handshake(created, libssh2_socket_t(socket)) }
  }

  /// The server's host key type and SHA-256 fingerprint (`SHA256:` + unpadded base64).
  func hostKey() throws(SSHError) -> (type: String, fingerprint: String) {
    guard let session, let hash = libssh2_hostkey_hash(session, LIBSSH2_HOSTKEY_HASH_SHA256) else {
      throw .failed("the server offered no host key")
    }
    let bytes = Data(bytes: hash, count: 32)
    let fingerprint = "SHA256:" + bytes.base64EncodedString().replacingOccurrences(of: "=", with: "")
    var length = 0
    var type: Int32 = 0
    _ = libssh2_session_hostkey(session, &length, &type)
    let names = [1: "ssh-rsa", 2: "ssh-dss", 3: "ecdsa-sha2-nistp256", 4: "ecdsa-sha2-nistp384", 5: "ecdsa-sha2-nistp521", 6: "ssh-ed25519"]
    return (names[Int(type)] ?? "unknown", fingerprint)
  }

  /// Public-key login with the identity file, else every key the ssh-agent at `agentSocket` offers.
  func authenticate(passphrase: String?, agentSocket: String?) throws(SSHError) {
    guard let session else { throw .failed("not connected") }
    if let identity = target.identityFile {
      guard FileManager.default.isReadableFile(atPath: identity) else {
        throw .authenticationFailed(user: target.user, host: target.host, reason: "cannot read the key file \(identity)")
      }
      let code = retrying {
        libssh2_userauth_publickey_fromfile_ex(session, target.user, UInt32(target.user.utf8.count), nil, identity, passphrase)
      }
      guard code == 0 else {
        throw .authenticationFailed(user: target.user, host: target.host, reason: "the server refused the key \(identity) (\(lastError()); a key with a passphrase needs ssh-agent)")
      }
      return
    }
    try agentLogin(session, socket: agentSocket)
  }

  private func agentLogin(_ session: OpaquePointer, socket: String?) throws(SSHError) {
    guard let socket, !socket.isEmpty, let agent = libssh2_agent_init(session) else {
      throw .authenticationFailed(user: target.user, host: target.host, reason: "no key file given (--identity) and no ssh-agent running")
    }
    defer {
      libssh2_agent_disconnect(agent)
      libssh2_agent_free(agent)
    }
    libssh2_agent_set_identity_path(agent, socket)
    guard retrying({ libssh2_agent_connect(agent) }) == 0, retrying({ libssh2_agent_list_identities(agent) }) == 0 else {
      throw .authenticationFailed(user: target.user, host: target.host, reason: "ssh-agent did not answer")
    }
    var previous: UnsafeMutablePointer<libssh2_agent_publickey>?
    var identity: UnsafeMutablePointer<libssh2_agent_publickey>?
    while libssh2_agent_get_identity(agent, &identity, previous) == 0 {
      if retrying({ libssh2_agent_userauth(agent, target.user, identity) }) == 0 { return }
      previous = identity
    }
    throw .authenticationFailed(user: target.user, host: target.host, reason: "no key in ssh-agent was accepted")
  }

  /// The most output `exec` keeps of one command; a command that prints more is stopped.
  static let execOutputLimit = 64 << 20

  /// Runs a command: writes `input` then EOF, reads both streams to the end, returns the status.
  /// A command that prints more than `execOutputLimit` bytes is stopped and reported.
  func exec(_ command: String, input: [UInt8]) throws(SSHError) -> SSHExecResult {
    var pending: [UInt8]? = input
    var output: [UInt8] = []
    var errors: [UInt8] = []
    let status = try stream(command, outputLimit: Self.execOutputLimit, input: {
      defer { pending = nil }
      return pending
    }, onOutput: { bytes, isError in
      if isError { errors += bytes } else { output += bytes }
    })
    return SSHExecResult(exitStatus: status, standardOutput: output, standardError: errors)
  }

  /// Runs a command, pulling input chunks until `nil` and passing output as it arrives; past
  /// `outputLimit` bytes of output the channel is closed and the command reported as too talkative.
  func stream(
    _ command: String, outputLimit: Int = .max, input: () -> [UInt8]?, onOutput: ([UInt8], Bool) -> Void
  ) throws(SSHError) -> Int32 {
    guard let session else { throw .failed("not connected") }
    var channel: OpaquePointer?
    try again("opening a channel", nonNull: { channel != nil }) {
      channel = cssh2_channel_open_session(session)
      return channel == nil ? Int32(libssh2_session_last_errno(session)) : 0
    }
    guard let channel else { throw .failed("no channel") }
    defer { libssh2_channel_free(channel) }
    try again("starting the command") { cssh2_channel_exec(channel, command) }
    var buffer = [UInt8](repeating: 0, count: 32_768)
    var inputOpen = true
    var pendingInput: [UInt8] = []
    var received = 0
    while true {
      var progressed = false
      if inputOpen {
        if pendingInput.isEmpty {
          if let chunk = input() { pendingInput = chunk } else {
            try again("closing input") { libssh2_channel_send_eof(channel) }
            inputOpen = false
          }
        }
        if !pendingInput.isEmpty {
          switch ChannelWrite.some(&pendingInput, to: channel) {
          case .moved: progressed = true
          case .wouldBlock: break
          case .failed: throw .failed("sending input failed: \(lastError())")
          }
        }
      }
      for (stream, isError) in [(Int32(0), false), (Int32(1), true)] {
        let count = buffer.withUnsafeMutableBytes { raw in
          libssh2_channel_read_ex(channel, stream, raw.baseAddress?.assumingMemoryBound(to: CChar.self), raw.count)
        }
        if count > 0 {
          received += count
          guard received <= outputLimit else {
            throw .failed("the command printed more than \(outputLimit >> 20) MiB, so Landfall stopped it; limit what it prints (head, tail, grep -m)")
          }
          onOutput(Array(buffer[0..<count]), isError)
          progressed = true
        } else if count < 0, count != Int(LIBSSH2_ERROR_EAGAIN) {
          throw .failed("reading the command's output failed: \(lastError())")
        }
      }
      if !inputOpen, libssh2_channel_eof(channel) != 0, !progressed { break }
      if !progressed { try wait("the command's output") }
    }
    try again("closing the channel") { libssh2_channel_close(channel) }
    try again("closing the channel") { libssh2_channel_wait_closed(channel) }
    return libssh2_channel_get_exit_status(channel)
  }

  func upload(_ data: [UInt8], to path: String, mode: Int32, progress: (Int, Int) -> Void = { _, _ in }) throws(SSHError) {
    let handle = try openFile(path, flags: UInt(LIBSSH2_FXF_WRITE | LIBSSH2_FXF_CREAT | LIBSSH2_FXF_TRUNC), mode: Int(mode))
    defer { _ = retrying { libssh2_sftp_close_handle(handle) } }
    var offset = 0
    while offset < data.count {
      let written = data[offset...].withUnsafeBytes { buffer in
        libssh2_sftp_write(handle, buffer.baseAddress?.assumingMemoryBound(to: CChar.self), min(buffer.count, 1 << 20))
      }
      if written == Int(LIBSSH2_ERROR_EAGAIN) {
        try wait("uploading \(path)")
        continue
      }
      guard written >= 0 else { throw .failed("uploading \(path) failed: \(lastError())") }
      offset += written
      progress(offset, data.count)
    }
  }

  func download(_ path: String) throws(SSHError) -> [UInt8] {
    let handle = try openFile(path, flags: UInt(LIBSSH2_FXF_READ), mode: 0)
    defer { _ = retrying { libssh2_sftp_close_handle(handle) } }
    var data: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
      let count = buffer.withUnsafeMutableBytes { raw in
        libssh2_sftp_read(handle, raw.baseAddress?.assumingMemoryBound(to: CChar.self), raw.count)
      }
      if count == Int(LIBSSH2_ERROR_EAGAIN) {
        try wait("downloading \(path)")
        continue
      }
      guard count >= 0 else { throw .failed("downloading \(path) failed: \(lastError())") }
      if count == 0 { return data }
      data += buffer[0..<count]
    }
  }

  private func openFile(_ path: String, flags: UInt, mode: Int) throws(SSHError) -> OpaquePointer {
    guard let session else { throw .failed("not connected") }
    if sftp == nil {
      try again("starting SFTP", nonNull: { self.sftp != nil }) {
        sftp = libssh2_sftp_init(session)
        return sftp == nil ? Int32(libssh2_session_last_errno(session)) : 0
      }
    }
    guard let sftp else { throw .failed("SFTP is not available") }
    var handle: OpaquePointer?
    try again("opening \(path)", nonNull: { handle != nil }) {
      handle = libssh2_sftp_open_ex(sftp, path, UInt32(path.utf8.count), flags, mode, LIBSSH2_SFTP_OPENFILE)
      return handle == nil ? Int32(libssh2_session_last_errno(session)) : 0
    }
    guard let handle else { throw .failed("cannot open \(path): \(lastError())") }
    return handle
  }

  func shutdown() {
    if let sftp {
      _ = retrying { libssh2_sftp_shutdown(sftp) }
      self.sftp = nil
    }
    if let session {
      _ = retrying { libssh2_session_disconnect_ex(session, SSH_DISCONNECT_BY_APPLICATION, "bye", "") }
      libssh2_session_free(session)
      self.session = nil
    }
    if socket >= 0 {
      close(socket)
      socket = -1
    }
  }

  /// Repeats `operation` while it says EAGAIN, waiting on the socket in between.
  private func again(_ what: String, nonNull: (() -> Bool)? = nil, _ operation: () -> Int32) throws(SSHError) {
    while true {
      let code = operation()
      if code == LIBSSH2_ERROR_EAGAIN {
        try wait(what)
        continue
      }
      if let nonNull, nonNull() { return }
      guard code == 0 else { throw .failed("\(what) failed: \(lastError())") }
      return
    }
  }

  private func retrying(_ operation: () -> Int32) -> Int32 {
    while true {
      let code = operation()
      guard code == LIBSSH2_ERROR_EAGAIN else { return code }
      guard (try? wait("")) != nil else { return code }
    }
  }

  /// Waits until the socket can make progress in the direction libssh2 is blocked on.
  private func wait(_ what: String) throws(SSHError) {
    guard let session else { throw .failed("not connected") }
    if cancelLock.withLock({ cancelled }) { throw .failed("\(what.isEmpty ? "the operation" : what) was cancelled") }
    let directions = libssh2_session_block_directions(session)
    var events: Int16 = 0
    if directions & LIBSSH2_SESSION_BLOCK_INBOUND != 0 { events |= Int16(POLLIN) }
    if directions & LIBSSH2_SESSION_BLOCK_OUTBOUND != 0 { events |= Int16(POLLOUT) }
    if events == 0 { events = Int16(POLLIN) }
    var descriptor = pollfd(fd: socket, events: events, revents: 0)
    var ready: Int32 = 0
    var waited: Int32 = 0
    repeat {
      ready = poll(&descriptor, 1, 250)
      waited += 250
      if ready == 0, cancelLock.withLock({ cancelled }) { throw .failed("\(what) was cancelled") }
    } while ready == 0 && waited < idleTimeoutMilliseconds
    if ready == 0 { throw .timedOut(what) }
    if descriptor.revents & Int16(POLLERR | POLLNVAL) != 0 { throw .failed("the connection was closed") }
    if ready < 0, errno != EINTR { throw .failed("waiting for the server failed: \(String(cString: strerror(errno)))") }
  }

  func lastError() -> String {
    guard let session else { return "not connected" }
    var message: UnsafeMutablePointer<CChar>?
    var length: Int32 = 0
    _ = libssh2_session_last_error(session, &message, &length, 0)
    return message.map { String(cString: $0) } ?? "unknown error"
  }
}
