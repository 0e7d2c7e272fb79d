import Dispatch
import Foundation
import LandfallCore

/// One line at the bottom of a terminal saying what Landfall waits for and for how long,
/// redrawn every second and erased before anything else is written.
public final class TerminalStatusLine: @unchecked Sendable {
  // Guarded by `lock`.
  private let lock = NSLock()
  private var label: String?
  private var countsSeconds = true
  private var started = ContinuousClock.now
  private var updated = ContinuousClock.now
  /// The counting text a countdown replaced, shown again once the countdown stops updating.
  private var resumeAfterCountdown: String?
  private var shown = false
  private var timer: (any DispatchSourceTimer)?
  private let write: @Sendable (String) -> Void

  /// A status line drawn through `write` (standard error by default).
  public init(write: (@Sendable (String) -> Void)? = nil) {
    self.write = write ?? { FileHandle.standardError.writeText($0) }
  }

  deinit {
    timer?.cancel()
  }

  /// Shows `text` with the seconds since it was first shown (unless `countsSeconds` is false);
  /// the count restarts when the text changes. A text without seconds (a countdown) gives way
  /// to the counting text it replaced when it is not updated for over a second.
  public func show(_ text: String, countsSeconds: Bool = true) {
    lock.withLock {
      if label != text { started = ContinuousClock.now }
      updated = ContinuousClock.now
      if !countsSeconds, self.countsSeconds { resumeAfterCountdown = label }
      if countsSeconds { resumeAfterCountdown = nil }
      label = text
      self.countsSeconds = countsSeconds
      draw()
      startTimer()
    }
  }

  /// Erases the line and forgets it.
  public func clear() {
    lock.withLock {
      label = nil
      erase()
      timer?.cancel()
      timer = nil
    }
  }

  /// Erases the line, runs `body` (which writes), and draws the line again under it.
  public func around(_ body: () -> Void) {
    lock.withLock {
      erase()
      body()
      draw()
    }
  }

  private func startTimer() {
    guard timer == nil else { return }
    let source = DispatchSource.makeTimerSource(queue: .global())
    source.schedule(deadline: .now() + .milliseconds(500), repeating: .milliseconds(500))
    source.setEventHandler { [weak self] in self?.lock.withLock { self?.draw() } }
    source.resume()
    timer = source
  }

  private func draw() {
    if !countsSeconds, let previous = resumeAfterCountdown, ContinuousClock.now - updated > .milliseconds(1_500) {
      label = previous
      countsSeconds = true
      started = ContinuousClock.now
      resumeAfterCountdown = nil
    }
    guard let label else { return }
    let seconds = (ContinuousClock.now - started).components.seconds
    let text = countsSeconds ? "\(label) · \(seconds) s" : label
    write("\r\u{1B}[K\u{1B}[2m… \(text)\u{1B}[0m")
    shown = true
  }

  private func erase() {
    guard shown else { return }
    write("\r\u{1B}[K")
    shown = false
  }
}
