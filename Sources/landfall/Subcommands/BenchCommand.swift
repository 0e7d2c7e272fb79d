import ArgumentParser
import Foundation
import LandfallCore

/// `landfall bench ...`: the benchmarks ship as their own executable, `landfall-bench`, beside
/// this one; this command becomes that program with the same arguments, so its output and exit
/// status are the benchmark's.
struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench", abstract: "Measure Landfall's hot paths (runs landfall-bench; build with -c release first).",
    shouldDisplay: false, helpNames: [])
  @Argument(parsing: .captureForPassthrough, help: "Arguments for landfall-bench.") var arguments: [String] = []

  func run() throws {
    let bench = RunningProgram.sibling("landfall-bench")
    guard FileManager.default.isExecutableFile(atPath: bench) else {
      throw LandfallFailure.usage(
        "landfall-bench not found next to \(RunningProgram.path); build it with swift build --product landfall-bench")
    }
    let argv = ([bench] + arguments).map { strdup($0) } + [nil]
    execv(bench, argv)
    argv.forEach { free($0) }
    throw LandfallFailure.failed("cannot run \(bench): \(String(cString: strerror(errno)))")
  }
}
