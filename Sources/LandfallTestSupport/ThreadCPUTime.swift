import Glibc

/// CPU time spent by the calling thread, for bounds on work that must stay linear.
///
/// Wall-clock time on a shared two-core machine depends on what else runs; the thread's own
/// CPU time does not, so a bound on it fails only when the work itself grew.
public enum ThreadCPUTime {
  /// The CPU time `body` used on this thread.
  public static func measure(_ body: () throws -> Void) rethrows -> Duration {
    let start = now()
    try body()
    return now() - start
  }

  private static func now() -> Duration {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return .seconds(spec.tv_sec) + .nanoseconds(spec.tv_nsec)
  }
}
