import Synchronization

/// Values a callback hands over, kept in order as they arrive, readable at once.
///
/// Callbacks record synchronously, so a test can read what was recorded the moment the call
/// that reported it returns, with no task left to finish first.
public final class Collected<Element: Sendable>: Sendable {
  private let values = Mutex<[Element]>([])

  /// An empty collection.
  public init() {}

  /// Records one value.
  public func add(_ value: Element) { values.withLock { $0.append(value) } }

  /// Everything recorded so far, in order.
  public var all: [Element] { values.withLock { $0 } }
}
