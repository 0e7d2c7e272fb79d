import ArgumentParser
import Foundation
import LandfallCore
import LandfallEvals
import LandfallModel
import LandfallTransport

struct DemoCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "demo",
    abstract: "Watch a recorded migration play out against the built-in fakes: no account, key or network needed.")

  @Option(help: "The recorded scenario to play (a name under evals/ with a recording under transcripts/).") var scenario = "full-flow"
  @Option(help: "The folder holding evals/, transcripts/ and examples/.") var root = "."
  @Flag(name: .shortAndLong, help: "Play every turn without waiting for Enter.") var yes = false

  func run() async throws {
    try await EvalRunner.stoppingDatabases { try await perform() }
  }

  private func perform() async throws {
    let scenarioPath = "\(root)/evals/\(scenario)"
    let recordingPath = "\(root)/transcripts/\(scenario).jsonl"
    let played: Scenario
    let recording: [TranscriptEvent]
    do {
      guard let loaded = try EvalSuite.load([scenarioPath]).first else {
        throw LandfallFailure.usage("\(scenarioPath) holds no scenario")
      }
      played = loaded
    } catch let failure as LandfallFailure {
      throw failure
    } catch {
      throw LandfallFailure.usage("\(error); run the demo from a Landfall checkout or pass --root")
    }
    do {
      recording = try TranscriptEvent.parse(jsonl: String(contentsOfFile: recordingPath, encoding: .utf8))
    } catch let error as InputError {
      throw LandfallFailure.usage(error.from(recordingPath).description)
    } catch {
      throw LandfallFailure.usage("cannot read \(recordingPath): \(error.localizedDescription)")
    }
    let interactive = !yes && isatty(0) == 1
    let live = LiveWiring()
    let output = TerminalOutput(colour: isatty(2) == 1 && (live.environment["NO_COLOR"] ?? "").isEmpty)
    output.write("Landfall demo: \(played.description)\n")
    output.write("The model's answers are replayed from \(recordingPath); every tool call runs now, through the policy, against fakes.\n")
    let player = DemoPlayer(examplesDirectory: "\(root)/examples", path: live.searchPath)
    await player.play(played, recording: recording, output: output) {
      guard interactive else { return }
      FileHandle.standardError.writeText("\n[Enter for the next message]")
      _ = Swift.readLine()
    }
  }
}
