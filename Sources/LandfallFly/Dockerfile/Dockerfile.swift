/// A Dockerfile as Landfall understands it: its stages and what each declares about running.
public struct Dockerfile: Sendable, Equatable {
  public var stages: [Stage]
  public var warnings: [String]

  /// Creates a Dockerfile value.
  public init(stages: [Stage], warnings: [String]) {
    self.stages = stages
    self.warnings = warnings
  }

  /// The stage that is built: the one named `target`, else the last.
  public func finalStage(target: String? = nil) -> Stage? {
    if let target, let named = stages.last(where: { $0.name?.lowercased() == target.lowercased() }) {
      return named
    }
    return stages.last
  }

  /// One `FROM` section, with what it inherited from an earlier stage already folded in.
  public struct Stage: Sendable, Equatable {
    public var name: String?
    public var base: String
    public var expose: [Int] = []
    public var cmd: [String]?
    public var entrypoint: [String]?
    public var user: String?
    public var workdir: String?
    public var env: [EnvironmentVariable] = []
    public var args: [EnvironmentVariable] = []
    /// The `SHELL` that runs shell-form commands (`/bin/sh -c` unless set).
    public var shell: [String] = ["/bin/sh", "-c"]

    /// A stage built on `base`.
    public init(name: String?, base: String) {
      self.name = name
      self.base = base
    }
  }
}
