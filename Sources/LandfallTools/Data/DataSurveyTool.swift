public import LandfallCore
public import LandfallModel
import LandfallData

/// `data_survey`: what a PostgreSQL server holds (version, databases, tables with sizes and row
/// estimates, extensions), and whether the target can take the source.
public struct DataSurveyTool: Tool {
  let settings: DataToolSettings

  /// The tool.
  public init(settings: DataToolSettings) {
    self.settings = settings
  }

  public var spec: ToolSpec {
    ToolSpec(
      name: "data_survey",
      description: "Survey the source PostgreSQL database (and the target, if given): versions, databases, tables, sizes, row estimates, extensions. Refuses a target older than the source.",
      inputSchema: Schema.object(
        [
          ("source_url", Schema.string("postgres:// URL of the source database")), ("target_url", Schema.string("postgres:// URL of the target database")),
          VMDatabaseTunnel.argument, FlyPostgresProxy.argument,
        ],
        required: ["source_url"]),
      effect: .read, acceptsSecrets: true)
  }

  public func misplacedSecrets(in arguments: JSONValue) -> String? {
    DataToolSettings.misplacedSecrets(in: arguments)
  }

  public func run(_ arguments: JSONValue, context: ToolContext) async throws(ToolFailure) -> ToolOutput {
    let source = try DataToolSettings.endpoint(arguments, "source_url")
    let target = arguments["target_url"] == nil ? nil : try DataToolSettings.endpoint(arguments, "target_url")
    let labels = (
      source: source.redacted + (arguments["source_fly_app"]?.stringValue.map { " (through flyctl proxy to \($0))" } ?? ""),
      target: target.map { $0.redacted + (arguments["target_on_vm"]?.boolValue == true ? " (on the VM, through the SSH tunnel)" : "") } ?? "")
    return try await settings.reaching(source, target, arguments) { source, target throws(ToolFailure) in
      try await compare(source, target, labels: labels)
    }
  }

  private func compare(
    _ source: PostgresEndpoint, _ target: PostgresEndpoint?, labels: (source: String, target: String)
  ) async throws(ToolFailure) -> ToolOutput {
    do {
      let from = try await survey(source, label: labels.source)
      var lines = ["source " + from.text]
      if let target {
        let to = try await survey(target, label: labels.target)
        lines.append("target " + to.text)
        if to.version / 10000 < from.version / 10000 {
          lines.append("REFUSED: the target runs PostgreSQL \(to.version / 10000), older than the source's \(from.version / 10000); install \(from.version / 10000) or newer there")
          return ToolOutput(lines.joined(separator: "\n"), isError: true)
        }
      }
      return ToolOutput(lines.joined(separator: "\n"))
    } catch {
      throw DataToolSettings.failure(error)
    }
  }

  private func survey(_ endpoint: PostgresEndpoint, label: String) async throws -> (version: Int, text: String) {
    let connector = settings.connector
    return try await BlockingWork.run {
      let session = try connector.connect(to: endpoint, applicationName: "landfall-survey")
      defer { session.close() }
      let databases = try session.query(
        "SELECT datname FROM pg_database WHERE NOT datistemplate ORDER BY 1")
      let catalog = try DatabaseCatalog.read(session)
      var lines = ["\(label): PostgreSQL \(session.serverVersion / 10000)"]
      lines.append("databases: " + databases.map { $0[0] ?? "?" }.joined(separator: ", "))
      lines.append("tables in \(endpoint.database): \(catalog.tables.count), \(catalog.totalBytes) bytes")
      lines += catalog.tables.map { "  \($0.name) \($0.bytes) bytes, ~\(max($0.estimatedRows, 0)) rows" }
      lines.append("extensions: " + (catalog.extensions.isEmpty ? "none" : catalog.extensions.map { "\($0.name) \($0.version)" }.joined(separator: ", ")))
      lines.append("sequences: \(catalog.sequences.count), large objects: \(catalog.largeObjects)")
      return (session.serverVersion, lines.joined(separator: "\n"))
    }
  }
}
