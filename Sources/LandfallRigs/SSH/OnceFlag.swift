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

  /// Whether `pid` is still an unreaped child of this process (running, or exited and not yet
  /// waited for): only then can it be signalled without hitting a process that reused the pid.
  static func isUnreapedChild(_ pid: pid_t) -> Bool {
    guard pid > 0 else { return false }
    var info = siginfo_t()
    return waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0
  }
}
