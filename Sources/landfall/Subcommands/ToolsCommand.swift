import ArgumentParser
import Foundation
import LandfallCore
import LandfallModel

struct ToolsCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tools", abstract: "List the agent's tools, or call one through the same policy the agent uses.",
    subcommands: [List.self, Call.self])
}

extension ToolsCommand {
  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the tools with their effect class.")
    @Flag(help: "Print JSON.") var json = false
    @OptionGroup var session: SessionOptions

    func run() async throws {
      let opened = try await SessionWiring(options: session, live: LiveWiring()).open(title: "tools list", cloud: .all)
      await opened.stopServers()
      let specs = opened.runner.registry.specs
      if json {
        print(JSONWriter.string(.array(specs.map(\.listing)), style: .pretty(indent: 2)))
        return
      }
      for spec in specs {
        let cost = spec.billable ? ", billable" : ""
        print("\(spec.name) (\(spec.effect.rawValue)\(cost)): \(spec.description)")
      }
    }
  }

  struct Call: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Run one tool call through every gate and print {ok, decision, reason, result}.")
    @Argument(help: "The tool's name.") var name: String
    @Argument(help: "The arguments as a JSON object.") var arguments: String = "{}"
    @Option(help: "Apply this phase's rules too (1-7).") var phase: Int?
    @OptionGroup var session: SessionOptions

    func validate() throws {
      if let phase, MigrationPhase(rawValue: phase) == nil { throw ValidationError("--phase must be 1 to 7") }
    }

    func run() async throws {
      let parsed: JSONValue
      do {
        parsed = try JSONParser.parse(arguments)
      } catch {
        throw LandfallFailure.usage(error.from("arguments").description)
      }
      guard case .object = parsed else { throw LandfallFailure.usage("the arguments must be a JSON object") }
      let opened = try await SessionWiring(options: session, live: LiveWiring())
        .open(title: "tools call \(name)", cloud: .unlessBuiltIn(name))
      let result: ToolRunResult
      do {
        result = try await opened.runner.run(
          ToolCall(id: "cli-1", name: name, arguments: parsed), phase: phase.flatMap(MigrationPhase.init(rawValue:)))
      } catch {
        throw LandfallFailure.failed(error.description)
      }
      await opened.stopServers()
      print(JSONWriter.string(result.json, style: .pretty(indent: 2)))
      if result.unavailable { throw ExitCode(3) }
      if !result.ok { throw ExitCode(1) }
    }
  }
}
