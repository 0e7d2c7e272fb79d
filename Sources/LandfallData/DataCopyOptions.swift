/// How a copy runs.
public struct DataCopyOptions: Sendable {
  /// Parallel workers for tables and for index builds.
  public var jobs: Int
  /// Drop everything in a target that already holds tables (the person approved it).
  public var replace: Bool
  /// Tables an earlier, interrupted run finished: the schema is already on the target, these
  /// are kept, every other table is emptied and copied again. Nil for a fresh copy.
  public var resumeAfter: Set<TableName>?
  /// Attempts per table when a session drops mid-table, before the run gives up on it.
  public var attempts: Int
  /// Least seconds between two progress reports while rows stream (steps are always reported).
  public var progressInterval: Double

  /// Options for a fresh copy.
  public init(
    jobs: Int = 4, replace: Bool = false, resumeAfter: Set<TableName>? = nil, attempts: Int = 3, progressInterval: Double = 0.25
  ) {
    self.progressInterval = progressInterval
    self.jobs = max(1, jobs)
    self.replace = replace
    self.resumeAfter = resumeAfter
    self.attempts = max(1, attempts)
  }
}

/// What a copy did.
public struct DataCopyResult: Sendable {
  /// A table moved, with the rows the target stored.
  public struct CopiedTable: Sendable, Equatable {
    public var name: TableName
    public var rows: Int
  }

  /// True when every table, index, constraint and sequence reached the target.
  public var complete: Bool
  public var seconds: Double
  public var bytes: Int
  /// Tables finished in this run (an interrupted run's caller records these to resume).
  public var copied: [CopiedTable]
  /// Tables that could not be copied, with the reason; resume to try them again.
  public var failed: [TableName: String]
  /// Everything not carried over, or carried over only in part.
  public var problems: [String]
}
