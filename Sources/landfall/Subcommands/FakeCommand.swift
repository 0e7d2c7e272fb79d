import ArgumentParser
import Foundation
import LandfallCore
import LandfallFakes
import LandfallMCP

struct FakeCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "fake",
    abstract: "Stand-ins for outside services, for the sandbox, tests and evals.",
    shouldDisplay: false,
    subcommands: [FakeFlyctlCommand.self, FakeCloudCommand.self])
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
    if arguments.first == "proxy", case .success(let proxy) = FakeFlyProxy.plan(arguments, state: loaded) {
      FileHandle.standardOutput.writeText(proxy.banner)
      try proxy.serve {
        guard var state = try? file.load(), let index = state.apps.firstIndex(where: { $0.proxyDropAfterBytes != nil }) else { return }
        state.apps[index].proxyDropAfterBytes = nil
        try? file.save(state)
      }
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
    FileHandle.standardOutput.writeText(outcome.standardOutput)
    FileHandle.standardError.writeText(outcome.standardError)
    if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
  }
}

struct FakeCloudCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cloud-mcp", abstract: "Serve the fake American Cloud over MCP on standard input and output.")

  @Flag(help: "Register the write tools too (read-only otherwise).") var allowWrites = false
  @Option(help: "Groups to enable, comma-separated, or all (default: compute,storage,networking,kubernetes).") var services: String?
  @Option(help: "Keep the cloud's state in this file, shared between processes.") var state: String?
  @Option(help: "Seed for deterministic ids.") var seed: String = "landfall"

  func run() async throws {
    var groups: [String]?
    if let services {
      switch FakeCloud.parseServices(services) {
      case .success(let parsed): groups = parsed
      case .failure(let error):
        FileHandle.standardError.writeText("\(error.message)\n")
        throw ExitCode(2)
      }
    }
    let cloud = FakeCloud(allowWrites: allowWrites, services: groups, statePath: state, state: FakeCloudState(seed: seed))
    let count = await cloud.tools().count
    let names = groups.map { $0.joined(separator: ",") } ?? FakeCloud.defaultGroups.joined(separator: ",")
    FileHandle.standardError.writeText("[americancloud-mcp] registered \(count) tools (services=\(names), readOnly=\(!allowWrites))\n")
    FileHandle.standardError.writeText("[americancloud-mcp] americancloud-mcp v0.7.0 ready on stdio\n")
    let environment = LiveWiring().environment
    try await MCPStdioServer.serve(FakeCloudCrashHook(
      cloud: cloud, exitOn: environment["LANDFALL_FAKE_CLOUD_EXIT_ON"],
      tampered: FakeCloudCrashHook.tampered(json: environment["LANDFALL_FAKE_CLOUD_TAMPER"])))
  }
}
