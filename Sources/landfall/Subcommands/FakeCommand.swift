import ArgumentParser
import Foundation
import LandfallFakes

struct FakeCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "fake",
    abstract: "Stand-ins for outside services, for the sandbox, tests and evals.",
    shouldDisplay: false,
    subcommands: [FakeFlyctlCommand.self])
}

struct FakeFlyctlCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "flyctl",
    abstract: "Answer one flyctl command from a JSON state file (see docs/fake-flyctl.md).")

  @Option(help: "The fake Fly world, read and updated in place.") var state: String
  @Argument(parsing: .postTerminator, help: "flyctl's arguments, after --.") var arguments: [String] = []

  func run() async throws {
    let file = FakeFlyStateFile(path: state)
    let loaded: FakeFlyState
    do {
      loaded = try file.load()
    } catch {
      throw LandfallFailure.usage(error.description)
    }
    var flyctl = FakeFlyctl(state: loaded)
    let outcome = flyctl.run(arguments)
    if flyctl.state != loaded {
      do {
        try file.save(flyctl.state)
      } catch {
        throw LandfallFailure.failed(error.description)
      }
    }
    FileHandle.standardOutput.write(Data(outcome.standardOutput.utf8))
    FileHandle.standardError.write(Data(outcome.standardError.utf8))
    if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
  }
}
