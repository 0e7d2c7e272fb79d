import Foundation
import LandfallFakes
import LandfallModel
import LandfallTestSupport
import Testing

@Suite(.ownThreads) struct FakeFlyctlCommandTests {
  func stateFile() throws -> URL {
    let directory = try CLI.temporaryDirectory()
    let file = directory.appendingPathComponent("state.json")
    try FileManager.default.copyItem(
      at: CLI.repository.appendingPathComponent("examples/notes/fly-state.json"), to: file)
    return file
  }

  @Test func answersFromTheStateFileAndWritesChangesBack() async throws {
    let file = try stateFile()
    let status = try await CLI.run(["fake", "flyctl", "--state", file.path, "--", "status", "--json", "-a", "notes-demo"])
    #expect(status.status == 0)
    #expect(try JSONParser.parse(status.stdout)["Name"] == .string("notes-demo"))

    let scale = try await CLI.run(["fake", "flyctl", "--state", file.path, "--", "scale", "count", "0", "--yes", "-a", "notes-demo"])
    #expect(scale.status == 0, "\(scale.stderr)")
    let after = try FakeFlyStateFile(path: file.path).load()
    #expect(after.app(named: "notes-demo")?.machines.isEmpty == true)
  }

  @Test func flyctlFailuresKeepFlyctlsExitCodeAndText() async throws {
    let file = try stateFile()
    let result = try await CLI.run(["fake", "flyctl", "--state", file.path, "--", "status", "-a", "ghost"])
    #expect(result.status == 1)
    #expect(result.stderr == "Error: failed to get app: Could not find App \"ghost\"\n")
  }

  @Test func aBrokenStateFileIsAUsageError() async throws {
    let directory = try CLI.temporaryDirectory()
    let file = directory.appendingPathComponent("state.json")
    try Data("{\"apps\": [".utf8).write(to: file)
    let result = try await CLI.run(["fake", "flyctl", "--state", file.path, "--", "apps", "list"])
    #expect(result.status == 2)
    #expect(result.stderr.contains(file.path))
  }

  @Test func fakesAreHiddenFromTheMainHelp() async throws {
    let help = try await CLI.run(["--help"])
    #expect(help.status == 0)
    #expect(help.stdout.contains("inventory"))
    #expect(!help.stdout.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("fake ") })
    #expect(!help.stdout.contains("bench"))
  }
}
