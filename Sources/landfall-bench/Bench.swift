import ArgumentParser
import Foundation
import LandfallBench
import LandfallCore

/// `landfall-bench`, which `landfall bench` runs: the benchmarks, measuring the `landfall`
/// executable in the same folder where a benchmark runs it as a whole process.
@main
struct Bench: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "landfall bench", abstract: "Measure Landfall's hot paths (build with -c release first).",
    subcommands: [Redaction.self, Runner.self, Upload.self, Deploy.self, DataCopy.self, Inventory.self])

  struct Redaction: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "redact", abstract: "`landfall redact` against ripgrep, whole processes on the same file.")
    @Option(help: "Input sizes in MiB, comma-separated.") var sizes: String = "64"
    @Option(help: "Secret counts, comma-separated.") var values: String = "10,1000,10000"

    func run() async throws {
      let rg = ["/usr/bin/rg", "/usr/local/bin/rg"].first { FileManager.default.isExecutableFile(atPath: $0) }
      if rg == nil { print("ripgrep (rg) not found; install the ripgrep package for the comparison") }
      print("MiB\tsecrets\tforms\tlandfall s\tlandfall MB\trg values s\trg values MB\trg forms s\tspeed vs rg values")
      try RedactionBenchmark(landfall: RunningProgram.sibling("landfall"), ripgrep: rg).run(sizes: Self.numbers(sizes), secretCounts: Self.numbers(values)) { row in
        func seconds(_ run: RedactionBenchmark.Run?) -> String { run.map { String(format: "%.3f", $0.seconds) } ?? "-" }
        func megabytes(_ run: RedactionBenchmark.Run?) -> String { run?.peakMegabytes.map { String(format: "%.0f", $0) } ?? "-" }
        let ratio = row.ripgrepValues.map { String(format: "%.2fx", $0.seconds / row.landfall.seconds) } ?? "-"
        print("\(row.megabytes)\t\(row.secrets)\t\(row.forms)\t\(seconds(row.landfall))\t\(megabytes(row.landfall))\t\(seconds(row.ripgrepValues))\t\(megabytes(row.ripgrepValues))\t\(seconds(row.ripgrepForms))\t\(ratio)")
      } scaling: { scaling in
        print(
          String(
            format: "%d MiB, %d against %d secrets, alternating, median of %d: %.3f s against %.3f s, %.2fx", scaling.megabytes,
            scaling.most, scaling.fewest, scaling.rounds, scaling.mostSeconds, scaling.fewestSeconds, scaling.mostSeconds / scaling.fewestSeconds))
      }
    }

    static func numbers(_ text: String) -> [Int] {
      text.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    }
  }
}

extension Bench {
  struct Runner: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "runner", abstract: "Per-call overhead of the tool runner and transcript commits.")
    @Option(help: "Grow the transcript to this many events.") var events: Int = 100_000
    @Option(help: "Calls measured at each checkpoint.") var window: Int = 1_000

    func run() async throws {
      let checkpoints = [0, 1_000, 10_000, 50_000, 100_000].filter { $0 < events }
      print("events before\tcalls\tmedian µs\tp99 µs")
      try await RunnerBenchmark().run(totalEvents: events, checkpoints: checkpoints, windowCalls: window) { window in
        print("\(window.eventsBefore)\t\(window.calls)\t\(String(format: "%.0f", window.medianMicroseconds))\t\(String(format: "%.0f", window.p99Microseconds))")
      }
    }
  }
}

extension Bench {
  struct Upload: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "ssh-upload", abstract: "SFTP upload throughput against scp, to an sshd started on loopback.")
    @Option(help: "Megabytes to upload.") var megabytes: Int = 128
    @Option(help: "Rounds (the best counts).") var rounds: Int = 3

    func run() async throws {
      let figures = try await SSHUploadBenchmark().run(megabytes: megabytes, rounds: rounds)
      print("MB\tlandfall MB/s\tscp MB/s\tratio")
      print("\(figures.megabytes)\t\(String(format: "%.0f", figures.landfallMBps))\t\(String(format: "%.0f", figures.scpMBps))\t\(String(format: "%.2f", figures.landfallMBps / figures.scpMBps))")
    }
  }
}

extension Bench {
  struct Deploy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "deploy", abstract: "The deploy script's switch and rollback under load, against sshd and nginx on loopback.")
    @Option(help: "Deploy-and-rollback rounds.") var rounds: Int = 3
    @Option(help: "Requests sent through nginx during each run, at least.") var requests: Int = 2_000

    func run() async throws {
      print("action\trequests\tfailed\thealthy→switched s\tbuild s\twall s\toverhead s")
      try DeployBenchmark().run(rounds: rounds, minimumRequests: requests) { round in
        let figures = [round.healthyToSwitched, round.build, round.wall, round.overhead].map { String(format: "%.2f", $0) }
        print(([round.action, String(round.requests), String(round.failed)] + figures).joined(separator: "\t"))
      }
    }
  }

  struct DataCopy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "data-copy",
      abstract: "landfall data copy against pg_dump/pg_restore on a generated database (median of the rounds).")
    @Option(help: "Megabytes of table data to generate.") var sizeMb: Int = 1_024
    @Option(help: "Tables to spread them over.") var tables: Int = 12
    @Option(help: "Rounds per method.") var rounds: Int = 3
    @Option(help: "Landfall's parallel sessions.") var jobs: Int = 4

    func run() async throws {
      let figures = try DataCopyBenchmark(landfall: RunningProgram.sibling("landfall")).run(megabytes: sizeMb, tables: tables, rounds: rounds, jobs: jobs) { line in
        FileHandle.standardError.writeText((line + "\n"))
      }
      print("source: \(figures.tables) tables, \(String(format: "%.0f", figures.sourceMB)) MB of table data")
      let pipe = figures.rows.first { $0.method.hasPrefix("pg_dump -Fc") }?.median ?? 0
      print("method\tmedian s\truns s\tMB/s\tspeed-up vs -Fc pipe\tpeak RSS MB")
      for row in figures.rows {
        let runs = row.seconds.map { String(format: "%.1f", $0) }.joined(separator: ",")
        print("\(row.method)\t\(String(format: "%.1f", row.median))\t\(runs)\t\(String(format: "%.0f", figures.sourceMB / row.median))\t\(String(format: "%.2fx", pipe / row.median))\t\(String(format: "%.0f", row.peakMB))")
      }
    }
  }
}

extension Bench {
  struct Inventory: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "inventory", abstract: "Inventory time on fly.toml files with many process groups and services.")
    @Option(help: "Process-group counts (each with a service), comma-separated.") var groups: String = "50,400,4000"

    func run() async throws {
      print("groups+services\tbytes\tmedian s")
      var first: Double?
      try await InventoryBenchmark().run(groupCounts: Redaction.numbers(groups)) { row in
        first = first ?? row.medianSeconds
        let ratio = first.map { String(format: "%.1fx", row.medianSeconds / $0) } ?? "-"
        print("\(row.groups)+\(row.groups)\t\(row.bytes)\t\(String(format: "%.4f", row.medianSeconds))\t\(ratio) of the first")
      }
    }
  }
}
