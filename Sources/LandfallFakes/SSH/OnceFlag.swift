import Foundation

/// A flag that can be claimed once, from any thread: a test server is reaped once, because after
/// that its pid may belong to another process.
final class OnceFlag: @unchecked Sendable {
  // Guarded by `lock`.
  private let lock = NSLock()
  private var claimed = false

  /// True the first time only.
  func claim() -> Bool {
    lock.withLock {
      defer { claimed = true }
      return !claimed
    }
  }
}
