import ArgumentParser
import Foundation
import LandfallEvals
import LandfallLLM
import LandfallModel
import LandfallTransport

struct EvalCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "eval", abstract: "Run the eval scenarios against the fakes and grade them (exit 1 on any failure).")

  @Argument(help: "Scenario files or folders (default: evals).") var paths: [String] = []
  @Flag(help: "Print the summary as JSON.") var json = false
  @Option(help: "Also write a JUnit report here.") var junit: String?
  @Option(help: "Where the scenarios' sample apps are (default: examples next to the evals folder).") var examples: String?
  @Option(help: "Recorded transcripts to replay (default: transcripts next to the evals folder).") var transcripts: String?
  @Option(help: .hidden) var record: String?
  @Flag(help: "Run the scenarios' messages against a real model endpoint instead of the scripted model.") var live = false
  @Option(help: "With --live, run each scenario this many times; it passes only if every trial does (pass^k).") var trials = 3
  @OptionGroup var modelOptions: ModelOptions

  func validate() throws {
    if trials < 1 { throw ValidationError("--trials must be at least 1") }
  }

  func run() async throws {
    try await EvalRunner.stoppingDatabases { try await perform() }
  }

  private func perform() async throws {
    let targets = paths.isEmpty ? ["evals"] : paths
    let scenarios: [Scenario]
    do {
      scenarios = try EvalSuite.load(targets)
    } catch {
      throw LandfallFailure.usage("\(error)")
    }
    let root = Self.repositoryRoot(of: targets.first ?? "evals")
    let examplesDirectory = examples ?? root + "/examples"
    let suite = EvalSuite(examplesDirectory: examplesDirectory, path: LiveWiring().searchPath)
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
    if live { return try await runLive(scenarios, suite: suite) }
    var results: [EvalSuite.Result] = []
    for scenario in scenarios { results.append(await suite.evaluate(scenario)) }
    let replayDirectory = transcripts ?? root + "/transcripts"
    let chosen = Set(scenarios.map { $0.id + ".jsonl" })
    let recordings = ((try? FileManager.default.contentsOfDirectory(atPath: replayDirectory)) ?? [])
      .filter { $0.hasSuffix(".jsonl") && (paths.isEmpty || chosen.contains($0)) }.sorted()
    for file in recordings {
      let text = (try? String(contentsOfFile: "\(replayDirectory)/\(file)", encoding: .utf8)) ?? ""
      if let events = try? await ScratchTranscript.events(jsonl: text, source: file) {
        results.append(await suite.replay(events, name: file, scenarios: scenarios, requireScenario: true))
      } else {
        results.append(await suite.replay(text, name: file, scenarios: scenarios))
      }
    }
    try report(results, trialCounts: nil)
  }

  /// Each scenario `trials` times against the configured endpoint; the summary adds pass^k.
  private func runLive(_ scenarios: [Scenario], suite: EvalSuite) async throws {
    let environment = LiveWiring().environment
    let endpoint = try modelOptions.endpoint(environment: environment)
    let settings = try modelOptions.settings(environment: environment)
    var results: [EvalSuite.Result] = []
    var trialsPassed = 0
    for scenario in scenarios {
      let outcome = await suite.live(scenario, trials: trials, client: { LLMClients.client(for: endpoint, transport: CurlHTTPTransport()) }, settings: settings)
      results.append(outcome.result)
      trialsPassed += outcome.trialsPassed
    }
    try report(results, trialCounts: (trialsPassed, trials * scenarios.count))
  }

  /// Prints the results (with pass^k when `trialCounts` says how many live trials passed and ran),
  /// writes the JUnit report, and fails on any failure.
  private func report(_ results: [EvalSuite.Result], trialCounts: (passed: Int, run: Int)?) throws {
    let everyTrial = results.filter(\.passed).count
    if json {
      var summary = EvalSuite.json(results)
      if let trialCounts {
        summary = summary.setting("trials", to: .int(trials)).setting("trialsRun", to: .int(trialCounts.run))
          .setting("trialsPassed", to: .int(trialCounts.passed))
          .setting("passHatK", to: .double(results.isEmpty ? 0 : Double(everyTrial) / Double(results.count)))
      }
      print(JSONWriter.string(summary, style: .pretty(indent: 2)))
    } else {
      print(EvalSuite.table(results))
      if let trialCounts {
        print("pass^\(trials): \(everyTrial) of \(results.count) scenarios passed every trial; \(trialCounts.passed) of \(trialCounts.run) trials passed")
      }
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
