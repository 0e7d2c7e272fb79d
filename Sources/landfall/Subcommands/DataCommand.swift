import ArgumentParser
import Foundation
import LandfallCore
import LandfallData
import LandfallModel
import LandfallTransport

struct DataCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "data", abstract: "Copy a PostgreSQL database and verify the copy.",
    subcommands: [Copy.self, Verify.self])

  struct Servers: ParsableArguments {
    @Option(help: "The source database, postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE.") var from: String
    @Option(help: "The target database, same form.") var to: String
    @Option(help: "Parallel sessions per server.") var jobs: Int = 4
    @Flag(help: "Print the report as JSON.") var json = false

    func endpoints() throws -> (PostgresEndpoint, PostgresEndpoint) {
      guard jobs >= 1 else { throw LandfallFailure.usage("--jobs must be at least 1") }
      do {
        return (try PostgresEndpoint(url: from), try PostgresEndpoint(url: to))
      } catch {
        throw LandfallFailure.usage(error.description)
      }
    }

    func finish(_ report: DataReport) throws {
      print(json ? JSONWriter.string(report.json) : report.summary)
      if !report.match { throw ExitCode(1) }
    }
  }

  struct Copy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Copy schema, rows, indexes, constraints and sequences, then verify (exit 1 on any difference).")
    @OptionGroup var servers: Servers
    @Flag(help: "Drop everything in a target database that already holds tables.") var replace = false
    @Flag(help: "Skip the verification after the copy.") var noVerify = false
    @Option(help: "Record finished tables in FILE; when FILE lists tables of an interrupted run, keep them and copy the rest.")
    var resumeFile: String?

    func run() async throws {
      let (source, target) = try servers.endpoints()
      let ledger = resumeFile.map(DataLedger.init)
      let finished = try ledger?.read()
      let options = DataCopyOptions(jobs: servers.jobs, replace: replace, resumeAfter: finished.flatMap { $0.isEmpty ? nil : $0 })
      let move = DataMove(
        engine: PostgresCopyEngine(
          connector: LibPQConnector(),
          dumper: SchemaDumper(commands: LiveWiring().commandRunner)),
        verifier: DataVerifier(connector: LibPQConnector()))
      let terminal = isatty(2) == 1
      let report = try await DataErrors.mapping {
        try await move.run(
          from: source, to: target, options: options, verify: !noVerify,
          progress: { progress in
            if terminal { FileHandle.standardError.writeText("\r\u{1B}[K\(progress.line)") }
          },
          tableCopied: { table in try? ledger?.append(table) })
      }
      if terminal { FileHandle.standardError.writeText("\n") }
      if report.complete { try? ledger?.remove() }
      try servers.finish(report)
    }
  }

  struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Compare row counts, per-table checksums and sequences on both servers (exit 1 on any difference).")
    @OptionGroup var servers: Servers

    func run() async throws {
      let (source, target) = try servers.endpoints()
      let report = try await DataErrors.mapping {
        try await DataVerifier(connector: LibPQConnector()).verify(from: source, to: target, jobs: servers.jobs)
      }
      try servers.finish(report)
    }
  }
}

/// Maps the data library's errors to the executable's exit codes: 3 for a server that cannot be
/// reached, 1 for everything else.
enum DataErrors {
  static func mapping<T>(_ body: () async throws -> T) async throws -> T {
    do {
      return try await body()
    } catch let error as DataCopyError {
      if case .unreachable? = error.postgresError { throw LandfallFailure(message: error.description, exitCode: 3) }
      throw LandfallFailure.failed(error.description)
    } catch let error as PostgresError {
      if case .unreachable = error { throw LandfallFailure(message: error.description, exitCode: 3) }
      throw LandfallFailure.failed(error.description)
    }
  }
}
