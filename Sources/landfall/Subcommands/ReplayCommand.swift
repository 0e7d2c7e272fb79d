import ArgumentParser
import Foundation
import LandfallEvals
import LandfallModel
import LandfallTranscript
import LandfallTransport

struct ReplayCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "replay",
    abstract: "Replay a recorded session against the fakes: its model answers are fed back, every tool runs again through the policy, and drift is named (exit 1 on drift or a broken invariant).")

  @Argument(help: "A JSONL transcript file, or a session id in the transcript database.") var source: String
  @OptionGroup var database: TranscriptsCommand.Database
  @Option(help: "The eval scenarios a recording may name (default: evals).") var evals = "evals"
  @Flag(help: "Print the result as JSON (the eval summary shape).") var json = false

  func run() async throws {
    try await EvalRunner.stoppingDatabases { try await perform() }
  }

  private func perform() async throws {
    let events = try await recordedEvents()
    let scenarios = FileManager.default.fileExists(atPath: evals) ? ((try? EvalSuite.load([evals])) ?? []) : []
    let suite = EvalSuite(examplesDirectory: EvalCommand.repositoryRoot(of: evals) + "/examples", path: LiveWiring().searchPath)
    let name = (source as NSString).lastPathComponent
    let result = await suite.replay(events, name: name, scenarios: scenarios, requireScenario: false)
    print(json ? JSONWriter.string(EvalSuite.json([result]), style: .pretty(indent: 2)) : EvalSuite.table([result]))
    if !result.passed { throw ExitCode(1) }
  }

  /// The recording from the transcript database, or from a file read back through SQLite.
  private func recordedEvents() async throws -> [TranscriptEvent] {
    guard FileManager.default.fileExists(atPath: source) else {
      let store = try await database.open()
      let events: [TranscriptEvent]
      do {
        events = try await store.events(session: source)
      } catch {
        throw LandfallFailure.usage("cannot read session \(source): \(error.description)")
      }
      guard !events.isEmpty else { throw LandfallFailure.usage("no file or session named \(source) (see landfall transcripts list)") }
      return events
    }
    let text: String
    do {
      text = try LocalFileSource(maximumBytes: 512 << 20).text(at: source)
    } catch {
      throw LandfallFailure.usage(error.description)
    }
    return try await ScratchTranscript.events(jsonl: text, source: source)
  }
}
