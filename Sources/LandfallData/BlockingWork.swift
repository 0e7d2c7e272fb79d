import Foundation

/// Runs libpq's blocking calls on threads of their own so they never hold the cooperative pool.
public enum BlockingWork {
  /// Runs `body` on a new thread and returns its result.
  public static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
      Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
    }
  }

  /// Runs `count` copies of `body` (given their index) at once and waits for all of them.
  static func parallel(_ count: Int, _ body: @escaping @Sendable (Int) throws -> Void) async throws {
    try await withThrowingTaskGroup(of: Void.self) { group in
      for index in 0..<max(1, count) {
        group.addTask { try await run { try body(index) } }
      }
      try await group.waitForAll()
    }
  }
}

/// Items handed out one at a time to several threads.
final class WorkQueue<Item: Sendable>: @unchecked Sendable {
  private let lock = NSLock()
  private var items: [Item]

  init(_ items: [Item]) {
    self.items = items.reversed()
  }

  /// The next item, or nil when none are left.
  func next() -> Item? {
    lock.withLock { items.popLast() }
  }
}

/// A value several threads add to under a lock.
final class Locked<Value: Sendable>: @unchecked Sendable {
  private let lock = NSLock()
  private var value: Value

  init(_ value: Value) {
    self.value = value
  }

  /// Changes the value and returns what `change` returns.
  func update<T>(_ change: (inout Value) -> T) -> T {
    lock.withLock { change(&value) }
  }

  /// The current value.
  var current: Value { lock.withLock { value } }
}
