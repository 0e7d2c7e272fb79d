import Foundation
import Synchronization

/// A counting limit on test cases running at once, shared by every suite in a test process.
final class TestSlots: Sendable {
  static let shared = TestSlots(limit: TestSlots.limit)

  /// `LANDFALL_TEST_PARALLEL`, or three per processor core (at least four).
  static var limit: Int {
    if let text = ProcessInfo.processInfo.environment["LANDFALL_TEST_PARALLEL"], let value = Int(text), value > 0 { return value }
    return max(4, 3 * ProcessInfo.processInfo.activeProcessorCount)
  }

  private struct State {
    var free: Int
    var waiting: [CheckedContinuation<Void, Never>] = []
  }

  private let state: Mutex<State>

  init(limit: Int) {
    state = Mutex(State(free: limit))
  }

  func acquire() async {
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
      let granted = state.withLock { state -> Bool in
        if state.free > 0 {
          state.free -= 1
          return true
        }
        state.waiting.append(continuation)
        return false
      }
      if granted { continuation.resume() }
    }
  }

  func release() {
    let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
      if state.waiting.isEmpty {
        state.free += 1
        return nil
      }
      return state.waiting.removeFirst()
    }
    next?.resume()
  }
}
