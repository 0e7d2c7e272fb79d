import Foundation
public import LandfallCore

/// Reads a database's schema with `pg_dump --schema-only` sections, as plain SQL Landfall runs
/// itself through libpq. The connection travels in `PG*` environment variables: the password
/// never appears in pg_dump's arguments.
public struct SchemaDumper: Sendable {
  /// The part of the schema to read.
  public enum Section: String, Sendable {
    /// Types, tables, functions, views: everything rows need before they arrive.
    case preData = "pre-data"
    /// Indexes, constraints, triggers, rules: what is cheaper to build after the rows.
    case postData = "post-data"
  }

  private let commands: any CommandRunner
  private let pgDump: String

  /// A dumper running `pgDump` (default: the newest under /usr/lib/postgresql, else `pg_dump`).
  public init(commands: any CommandRunner, pgDump: String? = nil) {
    self.commands = commands
    self.pgDump = pgDump ?? Self.newestClientProgram("pg_dump")
  }

  /// The SQL of `section` as of `snapshot` (a `pg_export_snapshot()` id still held open).
  public func dump(_ section: Section, of endpoint: PostgresEndpoint, snapshot: String?) async throws -> String {
    var arguments = [
      "--section=\(section.rawValue)", "--no-owner", "--no-privileges", "--no-subscriptions", "--no-password",
    ]
    if let snapshot { arguments.append("--snapshot=\(snapshot)") }
    let request = CommandRequest(executable: pgDump, arguments: arguments, environment: endpoint.environment)
    let result: CommandResult
    do {
      result = try await commands.run(request)
    } catch {
      throw DataCopyError.toolMissing("\(error.description); install PostgreSQL's client programs (Debian: postgresql-client)")
    }
    guard result.succeeded else {
      throw DataCopyError.schemaDumpFailed(section: section.rawValue, message: endpoint.redact(result.standardError.trimmed))
    }
    return Self.withoutClientCommands(result.standardOutput)
  }

  /// The script without psql's own commands (`\restrict`, `\unrestrict`), which only psql reads.
  static func withoutClientCommands(_ script: String) -> String {
    script.split(separator: "\n", omittingEmptySubsequences: false)
      .filter { !($0.hasPrefix("\\restrict ") || $0.hasPrefix("\\unrestrict ")) }
      .joined(separator: "\n")
  }

  /// The path of `program` in the newest PostgreSQL installed under /usr/lib/postgresql, or the
  /// bare name (found on PATH) when there is none.
  public static func newestClientProgram(_ program: String) -> String {
    let root = "/usr/lib/postgresql"
    let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
    let newest = versions.compactMap(Int.init).sorted().reversed().first { version in
      FileManager.default.isExecutableFile(atPath: "\(root)/\(version)/bin/\(program)")
    }
    return newest.map { "\(root)/\($0)/bin/\(program)" } ?? program
  }
}

extension String {
  var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
