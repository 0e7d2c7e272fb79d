import ArgumentParser
import Foundation
import LandfallCore

@main
struct Landfall: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "landfall",
    abstract: "Move a Fly.io app onto a server you own.",
    version: VersionText.full,
    subcommands: [ChatCommand.self, InventoryCommand.self, ToolsCommand.self, RedactCommand.self, TranscriptsCommand.self, EvalCommand.self, ReplayCommand.self, DemoCommand.self, FakeCommand.self, BenchCommand.self, DeployScriptCommand.self, DataCommand.self, DNSCommand.self, ManifestsCommand.self])

  static func main() async {
    let code: Int32
    do {
      var command = try parseAsRoot(ChatCommand.allowingBareResume(Array(CommandLine.arguments.dropFirst())))
      if var asyncCommand = command as? any AsyncParsableCommand {
        try await asyncCommand.run()
      } else {
        try command.run()
      }
      code = 0
    } catch let failure as LandfallFailure {
      FileHandle.standardError.writeText("landfall: \(TerminalSafeText.visible(failure.message))\n")
      code = failure.exitCode
    } catch let exit as ExitCode {
      code = exit.rawValue
    } catch {
      let parserCode = exitCode(for: error)
      let message = fullMessage(for: error)
      if parserCode == .success {
        print(message)
      } else if !message.isEmpty {
        FileHandle.standardError.writeText((message + "\n"))
      }
      code = parserCode == .validationFailure ? 2 : parserCode.rawValue
    }
    Foundation.exit(code)
  }
}

/// A failure the executable reports in one line and maps to a documented exit code.
struct LandfallFailure: Error {
  var message: String
  var exitCode: Int32

  static func usage(_ message: String) -> LandfallFailure { LandfallFailure(message: message, exitCode: 2) }
  static func failed(_ message: String) -> LandfallFailure { LandfallFailure(message: message, exitCode: 1) }
}
