import Dispatch

/// Runs independent parts of one computation on the machine's cores at once. Results come back
/// in part order, so what is computed never depends on how the parts were scheduled.
enum ParallelParts {
  /// Below about this many items a computation is cheaper on one core than the hand-off costs.
  static let worthwhileCount = 2048

  /// `body(0)` to `body(count - 1)`, in that order, computed at the same time where cores allow.
  static func map<Result: Sendable>(_ count: Int, _ body: @Sendable (Int) -> Result) -> [Result] {
    guard count > 1 else { return (0..<count).map(body) }
    let slots = Slots<Result>(count)
    defer { slots.release() }
    DispatchQueue.concurrentPerform(iterations: count) { part in slots.store(body(part), at: part) }
    return slots.values
  }

  /// One slot per part; each part writes only its own, and all are read after every part ended.
  private struct Slots<Value>: @unchecked Sendable {
    private let buffer: UnsafeMutableBufferPointer<Value?>

    init(_ count: Int) {
      buffer = .allocate(capacity: count)
      buffer.initialize(repeating: nil)
    }

    func store(_ value: Value, at part: Int) { buffer[part] = value }

    var values: [Value] { buffer.compactMap { $0 } }

    func release() {
      _ = buffer.deinitialize()
      buffer.deallocate()
    }
  }
}
