import ArgumentParser
import Foundation
import LandfallEvals
import LandfallModel

struct EvalCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "eval", abstract: "Run the eval scenarios against the fakes and grade them (exit 1 on any failure).")

  @Argument(help: "Scenario files or folders (default: evals).") var paths: [String] = []
  @Flag(help: "Print the summary as JSON.") var json = false
  @Option(help: "Also write a JUnit report here.") var junit: String?
  @Option(help: "Where the scenarios' sample apps are (default: examples next to the evals folder).") var examples: String?
  @Option(help: "Recorded transcripts to replay (default: transcripts next to the evals folder).") var transcripts: String?
  @Option(help: .hidden) var record: String?

  func run() async throws {
    let targets = paths.isEmpty ? ["evals"] : paths
    let scenarios: [Scenario]
    do {
      scenarios = try EvalSuite.load(targets)
    } catch {
      throw LandfallFailure.usage("\(error)")
    }
    let root = Self.repositoryRoot(of: targets.first ?? "evals")
    let examplesDirectory = examples ?? root + "/examples"
    let suite = EvalSuite(examplesDirectory: examplesDirectory)
    if let record {
      for scenario in scenarios {
        let text = await suite.record(scenario)
        do {
          try Data(text.utf8).write(to: URL(fileURLWithPath: "\(record)/\(scenario.id).jsonl"))
        } catch {
          throw LandfallFailure.usage("cannot write \(record)/\(scenario.id).jsonl: \(error.localizedDescription)")
        }
      }
      print("recorded \(scenarios.count) transcript(s) in \(record)")
      return
    }
    var results: [EvalSuite.Result] = []
    for scenario in scenarios { results.append(await suite.evaluate(scenario)) }
    let replayDirectory = transcripts ?? root + "/transcripts"
    let recordings = ((try? FileManager.default.contentsOfDirectory(atPath: replayDirectory)) ?? []).filter { $0.hasSuffix(".jsonl") }.sorted()
    for file in recordings {
      let text = (try? String(contentsOfFile: "\(replayDirectory)/\(file)", encoding: .utf8)) ?? ""
      results.append(await suite.replay(text, name: file, scenarios: scenarios))
    }
    if json {
      print(JSONWriter.string(EvalSuite.json(results), style: .pretty(indent: 2)))
    } else {
      print(EvalSuite.table(results))
    }
    if let junit {
      do {
        try Data(EvalSuite.junit(results).utf8).write(to: URL(fileURLWithPath: junit))
      } catch {
        throw LandfallFailure.usage("cannot write \(junit): \(error.localizedDescription)")
      }
    }
    if results.contains(where: { !$0.passed }) { throw ExitCode(1) }
  }
}

extension EvalCommand {
  /// The folder holding `evals/`, `examples/` and `transcripts/` for a scenario path: the parent
  /// of the evals folder, whether the path names it, one scenario folder, or a scenario file.
  static func repositoryRoot(of path: String) -> String {
    var folder = path.hasSuffix(".json") ? (path as NSString).deletingLastPathComponent : path
    if FileManager.default.fileExists(atPath: folder + "/scenario.json") { folder = (folder as NSString).deletingLastPathComponent }
    return (folder as NSString).deletingLastPathComponent.ifEmpty(".")
  }
}

extension String {
  fileprivate func ifEmpty(_ fallback: String) -> String { isEmpty ? fallback : self }
}
