import Foundation

/// One answer typed on the controlling terminal, with echo on, that can be abandoned (Ctrl-C).
enum TerminalAnswer {
  /// Set when the question is abandoned.
  final class Stop: @unchecked Sendable {
    // Guarded by `lock`.
    private let lock = NSLock()
    private var stopped = false

    func set() { lock.withLock { stopped = true } }
    var isSet: Bool { lock.withLock { stopped } }
  }

  /// The next line typed on standard input (a terminal), or `nil` when `stop` is set first or
  /// input ends.
  static func read(until stop: Stop) -> String? {
    var original = termios()
    let haveMode = tcgetattr(0, &original) == 0
    if haveMode {
      var answering = original
      answering.c_lflag |= tcflag_t(ECHO | ICANON)
      tcsetattr(0, TCSANOW, &answering)
    }
    defer { if haveMode { tcsetattr(0, TCSANOW, &original) } }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 256)
    while !stop.isSet {
      var descriptor = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
      let ready = poll(&descriptor, 1, 100)
      if ready < 0, errno == EINTR { continue }
      guard ready > 0 else { continue }
      let count = Foundation.read(0, &buffer, buffer.count)
      if count < 0, errno == EINTR { continue }
      guard count > 0 else { return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self) }
      for byte in buffer[0..<count] {
        if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { return String(decoding: bytes, as: UTF8.self) }
        bytes.append(byte)
      }
    }
    return nil
  }

  /// Throws away keys typed before the question; true when there were some.
  /// A partial line counts too: the terminal is switched out of line mode to see it.
  static func discardTypeAhead() -> Bool {
    var original = termios()
    guard tcgetattr(0, &original) == 0 else { return false }
    var byKey = original
    byKey.c_lflag &= ~tcflag_t(ICANON)
    tcsetattr(0, TCSANOW, &byKey)
    defer { tcsetattr(0, TCSANOW, &original) }
    var waiting: Int32 = 0
    guard ioctl(0, UInt(FIONREAD), &waiting) == 0, waiting > 0 else { return false }
    tcflush(0, TCIFLUSH)
    return true
  }
}
