import Foundation
public import Testing

/// Runs a test's own code on threads of its own instead of the shared pool of task threads, with
/// a bounded number of such tests at once.
///
/// Tests that start real servers, run shell scripts or wait on child processes block the thread
/// they run on. On a two-core machine the shared pool has two threads, so two such tests would
/// stall every other test, and the deadlines inside the code under test would fire for work
/// that never got a thread. With this trait the blocking stays on the test's own threads, and
/// at most ``TestSlots/limit`` test cases run at once so the machine is not swamped either.
public struct OwnThreads: TestTrait, SuiteTrait, TestScoping {
  public var isRecursive: Bool { true }

  public func provideScope(
    for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
  ) async throws {
    guard testCase != nil else {
      try await function()
      return
    }
    await TestSlots.shared.acquire()
    defer { TestSlots.shared.release() }
    try await withTaskExecutorPreference(ThreadPerJobExecutor.shared) { try await function() }
  }
}

extension Trait where Self == OwnThreads {
  /// The test's code runs on threads of its own; see ``OwnThreads``.
  public static var ownThreads: OwnThreads { OwnThreads() }
}

/// An executor that runs each job on a fresh thread.
final class ThreadPerJobExecutor: TaskExecutor {
  static let shared = ThreadPerJobExecutor()

  func enqueue(_ job: consuming ExecutorJob) {
    let unowned = UnownedJob(job)
    let executor = asUnownedTaskExecutor()
    Thread.detachNewThread { unowned.runSynchronously(on: executor) }
  }
}
