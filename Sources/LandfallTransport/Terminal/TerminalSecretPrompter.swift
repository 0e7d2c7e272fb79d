import Foundation
public import LandfallCore

/// Reads a secret from the controlling terminal with echo turned off; without a terminal it
/// declines (values then come from `--secrets-file`).
public struct TerminalSecretPrompter: SecretPrompter {
  /// Creates a prompter.
  public init() {}

  public func askSecret(name: String, purpose: String) async -> String? {
    await withCheckedContinuation { continuation in
      Thread.detachNewThread {
        continuation.resume(returning: Self.readHidden(name: name, purpose: purpose))
      }
    }
  }

  private static func readHidden(name: String, purpose: String) -> String? {
    let fd = open("/dev/tty", O_RDWR)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var original = termios()
    guard tcgetattr(fd, &original) == 0 else { return nil }
    var silent = original
    silent.c_lflag &= ~tcflag_t(ECHO)
    let prompt = "\(purpose.isEmpty ? "" : purpose + "\n")Value for \(name) (not shown): "
    _ = prompt.withCString { write(fd, $0, strlen($0)) }
    tcsetattr(fd, TCSAFLUSH, &silent)
    defer {
      tcsetattr(fd, TCSAFLUSH, &original)
      _ = "\n".withCString { write(fd, $0, 1) }
    }
    var bytes: [UInt8] = []
    var byte: UInt8 = 0
    while read(fd, &byte, 1) == 1, byte != UInt8(ascii: "\n") { bytes.append(byte) }
    return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
  }
}
