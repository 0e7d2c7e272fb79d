import ArgumentParser
import Foundation
import LandfallBench

struct BenchCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench", abstract: "Measure Landfall's hot paths (build with -c release first).",
    shouldDisplay: false, subcommands: [Redaction.self, Runner.self, Upload.self, Deploy.self, DataCopy.self])

  struct Redaction: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "redact", abstract: "Redaction throughput against ripgrep on the same input.")
    @Option(help: "Input sizes in MiB, comma-separated.") var sizes: String = "1,8,64"
    @Option(help: "Vault value counts, comma-separated.") var values: String = "10,100,1000"

    func run() async throws {
      let rg = ["/usr/bin/rg", "/usr/local/bin/rg"].first { FileManager.default.isExecutableFile(atPath: $0) }
      if rg == nil { print("ripgrep (rg) not found; install the ripgrep package for the comparison") }
      print("MiB\tvalues\tpatterns\tlandfall MB/s\trg MB/s\tratio\treplaced")
      try RedactionBenchmark(ripgrep: rg).run(sizes: Self.numbers(sizes), valueCounts: Self.numbers(values)) { row in
        let rgText = row.ripgrepMBps.map { String(format: "%.0f", $0) } ?? "-"
        let ratio = row.ripgrepMBps.map { String(format: "%.2f", row.landfallMBps / $0) } ?? "-"
        print("\(row.megabytes)\t\(row.values)\t\(row.patterns)\t\(String(format: "%.0f", row.landfallMBps))\t\(rgText)\t\(ratio)\t\(row.replacements)")
      }
    }

    static func numbers(_ text: String) -> [Int] {
      text.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    }
  }
}

extension BenchCommand {
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

extension BenchCommand {
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

extension BenchCommand {
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
      let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
      let figures = try DataCopyBenchmark(landfall: executable).run(megabytes: sizeMb, tables: tables, rounds: rounds, jobs: jobs) { line in
        FileHandle.standardError.write(Data((line + "\n").utf8))
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
