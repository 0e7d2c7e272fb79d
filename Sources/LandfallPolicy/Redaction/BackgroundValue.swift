import Dispatch

/// A value computed on another core while the caller goes on.
final class BackgroundValue<Value: Sendable>: @unchecked Sendable {
  private let group = DispatchGroup()
  private var result: Value?

  /// Starts computing `make()`.
  init(_ make: @escaping @Sendable () -> Value) {
    group.enter()
    DispatchQueue.global().async {
      self.result = make()
      self.group.leave()
    }
  }

  /// True once the value is computed.
  var isReady: Bool { group.wait(timeout: .now()) == .success }

  /// The value, waiting for it if need be.
  var value: Value {
    group.wait()
    guard let result else { preconditionFailure("a background value is set before its group is left") }
    return result
  }
}
