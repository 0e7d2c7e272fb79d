import Foundation
import LandfallTestSupport
import Testing

/// `landfall bench` runs the benchmarks' own executable, `landfall-bench`, from its folder.
@Suite(.ownThreads) struct BenchCommandTests {
  @Test func passesArgumentsToLandfallBenchAndPrintsItsFigures() async throws {
    let result = try await CLI.run(["bench", "inventory", "--groups", "3"])
    #expect(result.status == 0, "\(result.stderr)")
    let lines = result.stdout.split(separator: "\n")
    #expect(lines.first == "groups+services\tbytes\tmedian s")
    #expect(lines.dropFirst().first?.hasPrefix("3+3\t") == true)
  }

  @Test func helpAndExitStatusAreLandfallBenchs() async throws {
    let help = try await CLI.run(["bench", "--help"])
    #expect(help.status == 0)
    #expect(help.stdout.contains("USAGE: landfall bench"))
    #expect(help.stdout.contains("data-copy"))

    let unknown = try await CLI.run(["bench", "no-such-benchmark"])
    let direct = try Self.run(CLI.binary.deletingLastPathComponent().appendingPathComponent("landfall-bench"), ["no-such-benchmark"])
    #expect(unknown.status != 0)
    #expect(unknown.status == direct)
  }

  @Test func saysHowToBuildLandfallBenchWhenItIsMissing() async throws {
    let folder = CLI.binary.deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("landfall-alone-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let alone = folder.appendingPathComponent("landfall")
    do {
      try FileManager.default.linkItem(at: CLI.binary, to: alone)
    } catch {
      try FileManager.default.copyItem(at: CLI.binary, to: alone)
    }
    let errors = Pipe()
    let process = Process()
    process.executableURL = alone
    process.arguments = ["bench", "redact"]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = errors
    try process.run()
    let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 2)
    #expect(text == "landfall: landfall-bench not found next to \(alone.path); build it with swift build --product landfall-bench\n")
  }

  private static func run(_ program: URL, _ arguments: [String]) throws -> Int32 {
    let process = Process()
    process.executableURL = program
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
  }
}
