public import LandfallCore
public import LandfallModel
import LandfallData

/// `data_verify`: exact row counts, per-table checksums and sequences compared on both servers.
public struct DataVerifyTool: Tool {
  let settings: DataToolSettings

  /// The tool.
  public init(settings: DataToolSettings) {
    self.settings = settings
  }

  public var spec: ToolSpec {
    ToolSpec(
      name: "data_verify",
      description: "Compare the source and target PostgreSQL databases: exact row counts and checksums per table, every sequence. Reports each difference.",
      inputSchema: Schema.object(
        [("source_url", Schema.string("postgres:// URL of the source database")), ("target_url", Schema.string("postgres:// URL of the target database")), VMDatabaseTunnel.argument, FlyPostgresProxy.argument],
        required: ["source_url", "target_url"]),
      effect: .read, acceptsSecrets: true)
  }

  public func misplacedSecrets(in arguments: JSONValue) -> String? {
    DataToolSettings.misplacedSecrets(in: arguments)
  }

  public func run(_ arguments: JSONValue, context: ToolContext) async throws(ToolFailure) -> ToolOutput {
    let source = try DataToolSettings.endpoint(arguments, "source_url")
    let target = try DataToolSettings.endpoint(arguments, "target_url")
    let settings = settings
    return try await settings.reaching(source, target, arguments) { source, target throws(ToolFailure) in
      do {
        let report = try await DataVerifier(connector: settings.connector).verify(from: source, to: target ?? source, jobs: settings.jobs)
        guard DataToolSettings.comparesFlyWithTheVM(arguments) else {
          return ToolOutput(report.summary + "\n" + DataToolSettings.doesNotCount, isError: !report.match)
        }
        return ToolOutput(report.summary, facts: [.rowCountsCompared(match: report.match)], isError: !report.match)
      } catch {
        throw DataToolSettings.failure(error)
      }
    }
  }
}
