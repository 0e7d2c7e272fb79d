public import LandfallCore
public import LandfallPolicy
public import LandfallModel
import LandfallData

/// `data_copy`: schema, rows, indexes, constraints and sequences from the source database into
/// the target, then a verification. With `final` it is the copy taken after Fly stopped writing.
public struct DataCopyTool: Tool {
  let settings: DataToolSettings

  /// The tool.
  public init(settings: DataToolSettings) {
    self.settings = settings
  }

  public var spec: ToolSpec {
    ToolSpec(
      name: "data_copy",
      description: """
        Copy the source PostgreSQL database into the target (schema, rows, indexes, constraints, sequences), then verify \
        counts and checksums. final=true marks the copy taken after Fly is observed at zero; replace=true empties a \
        target that already holds tables.
        """,
      inputSchema: Schema.object(
        [
          ("source_url", Schema.string("postgres:// URL of the source database")),
          ("target_url", Schema.string("postgres:// URL of the target database")),
          ("final", .object([("type", .string("boolean")), ("description", .string("the final copy, after the freeze"))])),
          ("replace", .object([("type", .string("boolean")), ("description", .string("drop what the target holds first"))])),
          VMDatabaseTunnel.argument, FlyPostgresProxy.argument,
        ],
        required: ["source_url", "target_url"]),
      effect: .write, acceptsSecrets: true)
  }

  public func action(for arguments: JSONValue) -> MigrationAction {
    arguments["final"]?.boolValue == true ? .finalDump : .restore
  }

  public func replacedFiles(for arguments: JSONValue) -> [String] {
    arguments["replace"]?.boolValue == true ? ["every table the target database holds"] : []
  }

  public func misplacedSecrets(in arguments: JSONValue) -> String? {
    DataToolSettings.misplacedSecrets(in: arguments)
  }

  public func run(_ arguments: JSONValue, context: ToolContext) async throws(ToolFailure) -> ToolOutput {
    let source = try DataToolSettings.endpoint(arguments, "source_url")
    let target = try DataToolSettings.endpoint(arguments, "target_url")
    try DataToolSettings.dataStaysHome(target, onVM: arguments["target_on_vm"]?.boolValue == true)
    return try await settings.reaching(source, target, arguments) { source, target throws(ToolFailure) in
      try await copy(from: source, to: target ?? source, arguments)
    }
  }

  private func copy(from source: PostgresEndpoint, to target: PostgresEndpoint, _ arguments: JSONValue) async throws(ToolFailure) -> ToolOutput {
    let final = arguments["final"]?.boolValue ?? false
    let options = DataCopyOptions(jobs: settings.jobs, replace: arguments["replace"]?.boolValue ?? false)
    do {
      let report = try await settings.move.run(from: source, to: target, options: options, verify: true)
      var facts: [MigrationFact] = []
      let counts = DataToolSettings.comparesFlyWithTheVM(arguments)
      if report.complete {
        if final && counts { facts.append(.finalDumpTaken) }
        facts.append(.restoreCompleted)
        if counts { facts.append(.rowCountsCompared(match: report.match)) }
      }
      let headline = report.complete
        ? "Copied \(report.tables.count) tables."
        : "The copy stopped part-way; run data_copy again to resume."
      let note = counts ? "" : "\n" + DataToolSettings.doesNotCount
      return ToolOutput(headline + "\n" + report.summary + note, facts: facts, isError: !report.match)
    } catch {
      throw DataToolSettings.failure(error)
    }
  }
}
