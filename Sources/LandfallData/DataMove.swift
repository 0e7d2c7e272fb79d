public import LandfallCore

/// A copy followed (unless asked not to) by a verification, reported as one `DataReport`: what
/// `landfall data copy` and the agent's copy tool run.
public struct DataMove: Sendable {
  private let engine: PostgresCopyEngine
  private let verifier: DataVerifier

  /// A move with `engine` and `verifier`.
  public init(engine: PostgresCopyEngine, verifier: DataVerifier) {
    self.engine = engine
    self.verifier = verifier
  }

  /// Copies, then verifies when `verify` is true. Without verification the report's tables carry
  /// the rows each side handled and no checksums.
  public func run(
    from source: PostgresEndpoint, to target: PostgresEndpoint, options: DataCopyOptions, verify: Bool,
    progress: @escaping @Sendable (CopyProgress) -> Void = { _ in },
    tableCopied: @escaping @Sendable (TableName) -> Void = { _ in }
  ) async throws -> DataReport {
    let copied = try await engine.copy(from: source, to: target, options: options, progress: progress, tableCopied: tableCopied)
    guard verify, copied.complete else {
      let tables = copied.copied.sorted { $0.name < $1.name }.map {
        DataReport.Table(name: $0.name, sourceRows: $0.rows, targetRows: $0.rows, sourceChecksum: nil, targetChecksum: nil)
      }
      let failed = copied.failed.keys.sorted().map {
        DataReport.Table(name: $0, sourceRows: nil, targetRows: nil, sourceChecksum: nil, targetChecksum: nil)
      }
      return DataReport(
        seconds: copied.seconds, bytes: copied.bytes, tables: tables + failed, sequences: [], problems: copied.problems,
        complete: copied.complete)
    }
    var report = try await verifier.verify(from: source, to: target, jobs: options.jobs)
    report.seconds += copied.seconds
    report.bytes = copied.bytes
    report.problems = copied.problems + report.problems.filter { !copied.problems.contains($0) }
    return report
  }
}
