import Foundation

/// How far a copy has come, reported while it runs.
public struct CopyProgress: Sendable, Equatable {
  /// The step under way: `schema`, `data`, `indexes`, `sequences`, `done`.
  public var step: String
  public var bytes: Int
  public var rows: Int
  public var tablesDone: Int
  public var tablesTotal: Int
  /// Bytes of table data on the source (`pg_table_size`), the yardstick for the estimate.
  public var expectedBytes: Int
  public var seconds: Double

  /// Bytes per second since the copy began.
  public var bytesPerSecond: Double { seconds > 0 ? Double(bytes) / seconds : 0 }

  /// Seconds left at the current rate, when there is one to go by.
  public var secondsLeft: Double? {
    guard bytesPerSecond > 0, expectedBytes > bytes else { return nil }
    return Double(expectedBytes - bytes) / bytesPerSecond
  }

  /// One line for a terminal, e.g. `data 3/12 tables, 1.2 GB, 4,100,000 rows, 85.0 MB/s, ETA 0:42`.
  public var line: String {
    var text = "\(step) \(tablesDone)/\(tablesTotal) tables, \(Self.size(bytes)), \(rows) rows, \(Self.size(Int(bytesPerSecond)))/s"
    if let left = secondsLeft, step == "data" { text += ", ETA \(Int(left) / 60):" + String(format: "%02d", Int(left) % 60) }
    return text
  }

  static func size(_ bytes: Int) -> String {
    let units = ["B", "kB", "MB", "GB", "TB"]
    var value = Double(bytes)
    var unit = 0
    while value >= 1000, unit < units.count - 1 {
      value /= 1000
      unit += 1
    }
    return unit == 0 ? "\(bytes) B" : String(format: "%.1f %@", value, units[unit])
  }
}

/// Adds up what the workers moved and tells the observer, at most a few times a second.
final class ProgressMeter: @unchecked Sendable {
  private let lock = NSLock()
  private var state: CopyProgress
  private let started = Date()
  private var lastReport = Date.distantPast
  private let observer: @Sendable (CopyProgress) -> Void
  private let interval: Double

  init(tablesTotal: Int, expectedBytes: Int, interval: Double, observer: @escaping @Sendable (CopyProgress) -> Void) {
    self.interval = interval
    state = CopyProgress(step: "schema", bytes: 0, rows: 0, tablesDone: 0, tablesTotal: tablesTotal, expectedBytes: expectedBytes, seconds: 0)
    self.observer = observer
  }

  /// Moves to another step and reports it at once.
  func enter(_ step: String) {
    report(force: true) { $0.step = step }
  }

  /// Counts bytes a worker moved.
  func add(bytes: Int) {
    report(force: false) { $0.bytes += bytes }
  }

  /// Counts a finished table.
  func tableDone(rows: Int) {
    report(force: true) {
      $0.rows += rows
      $0.tablesDone += 1
    }
  }

  /// The figures so far.
  var snapshot: CopyProgress { lock.withLock { state } }

  private func report(force: Bool, _ change: (inout CopyProgress) -> Void) {
    let now = Date()
    let due: CopyProgress? = lock.withLock {
      change(&state)
      state.seconds = now.timeIntervalSince(started)
      guard force || now.timeIntervalSince(lastReport) >= interval else { return nil }
      lastReport = now
      return state
    }
    if let due { observer(due) }
  }
}
