import Foundation

/// Waits for work that may never answer: the first of the work's result, the deadline, or the
/// server's exit ends the wait, and work still running then is cancelled and left behind (the
/// SDK's client does not always notice a dead peer).
enum Deadline {
  /// Why the wait ended without a result.
  enum Ending: Error {
    case passed
    case serverExited
  }

  /// The value of `body`, unless `limit` passes or `alive()` turns false first (checked every
  /// 50 ms, a sleep rather than a spin).
  static func race<T: Sendable>(
    _ limit: Duration, alive: @escaping @Sendable () async -> Bool, _ body: @escaping @Sendable () async throws -> T
  ) async throws -> T {
    let gate = ResumeOnce<T>()
    return try await withCheckedThrowingContinuation { continuation in
      gate.set(continuation)
      let work = Task {
        do { gate.resume(.success(try await body())) } catch { gate.resume(.failure(error)) }
      }
      Task {
        let clock = ContinuousClock()
        let end = clock.now.advanced(by: limit)
        while clock.now < end, !gate.isDone {
          try? await Task.sleep(for: .milliseconds(50))
          if !(await alive()) {
            gate.resume(.failure(Ending.serverExited))
            break
          }
        }
        gate.resume(.failure(Ending.passed))
        work.cancel()
      }
    }
  }
}

/// Resumes a continuation once, whoever comes first.
final class ResumeOnce<T: Sendable>: @unchecked Sendable {
  // Guarded by `lock`.
  private let lock = NSLock()
  private var continuation: CheckedContinuation<T, any Error>?
  private var done = false

  func set(_ continuation: CheckedContinuation<T, any Error>) {
    lock.withLock { self.continuation = continuation }
  }

  var isDone: Bool { lock.withLock { done } }

  func resume(_ result: Result<T, any Error>) {
    let waiting: CheckedContinuation<T, any Error>? = lock.withLock {
      guard !done else { return nil }
      done = true
      defer { continuation = nil }
      return continuation
    }
    waiting?.resume(with: result)
  }
}
