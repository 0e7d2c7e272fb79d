import Foundation
internal import LandfallModel
internal import LandfallPolicy

/// Compares whole processes on the same generated file: `landfall redact --secrets-file F`
/// against ripgrep replacing the plain values (`rg --passthru -F -f VALUES -r '[redacted]'`) and
/// against ripgrep given every encoded form the redactor looks for. Each figure is the median
/// of three runs, Landfall's and ripgrep's on the values taken in turn so both see the same
/// machine load; peak memory comes from `/usr/bin/time -v` when it is installed. Vault values
/// are random characters with lengths spread evenly over 16 to 40 bytes.
public struct RedactionBenchmark {
  /// One measured process.
  public struct Run: Sendable {
    public var seconds: Double
    public var peakMegabytes: Double?
  }

  /// One input size and secret count.
  public struct Row: Sendable {
    public var megabytes: Int
    public var secrets: Int
    public var forms: Int
    public var landfall: Run
    public var ripgrepValues: Run?
    public var ripgrepForms: Run?
  }

  private let landfall: String
  private let ripgrep: String?
  private let timer: String?

  /// A benchmark of the `landfall` executable at `landfall`; `ripgrep` is the path of `rg`, or
  /// `nil` to skip the comparison.
  public init(landfall: String, ripgrep: String?) {
    self.landfall = landfall
    self.ripgrep = ripgrep
    timer = FileManager.default.isExecutableFile(atPath: "/usr/bin/time") ? "/usr/bin/time" : nil
  }

  /// How the time grows with the vault: the fewest and the most secrets of one input size,
  /// run alternately so both see the same machine load.
  public struct Scaling: Sendable {
    public var megabytes: Int
    public var fewest: Int
    public var most: Int
    public var fewestSeconds: Double
    public var mostSeconds: Double
    public var rounds: Int
  }

  /// Runs every size against every secret count, then the fewest against the most secrets of
  /// each size alternately for `rounds` rounds.
  public func run(sizes: [Int], secretCounts: [Int], rounds: Int = 9, report: (Row) -> Void, scaling: (Scaling) -> Void = { _ in }) throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("landfall-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    for size in sizes {
      var filesByCount: [Int: Files] = [:]
      for count in secretCounts {
        var generator = SplitMix(seed: UInt64(count))
        let values = (0..<count).map { Self.randomValue(length: Self.valueLength(index: $0, of: count), &generator) }
        let files = try Files(directory: directory.appendingPathComponent("\(size)-\(count)"), values: values)
        filesByCount[count] = files
        try Self.writeText(megabytes: size, values: values, to: files.input, generator: &generator)
        var landfallRuns: [Run] = []
        var valueRuns: [Run] = []
        for _ in 0..<3 {
          landfallRuns.append(try measureLandfall(files))
          if let ripgrep {
            valueRuns.append(
              try measure(ripgrep, ["--passthru", "-F", "-f", files.values.path, "-r", "[redacted]", files.input.path], input: nil, output: files.output))
          }
        }
        var row = Row(megabytes: size, secrets: count, forms: files.formCount, landfall: Self.median(landfallRuns))
        if let ripgrep {
          row.ripgrepValues = Self.median(valueRuns)
          row.ripgrepForms = try median {
            try measure(ripgrep, ["--passthru", "-F", "-f", files.forms.path, "-r", "[redacted]", files.input.path], input: nil, output: files.output)
          }
        }
        report(row)
      }
      guard let fewest = secretCounts.min(), let most = secretCounts.max(), fewest != most,
        let fewestFiles = filesByCount[fewest], let mostFiles = filesByCount[most]
      else { continue }
      var fewestTimes: [Double] = []
      var mostTimes: [Double] = []
      for _ in 0..<max(rounds, 1) {
        fewestTimes.append(try measureLandfall(fewestFiles).seconds)
        mostTimes.append(try measureLandfall(mostFiles).seconds)
      }
      scaling(Scaling(megabytes: size, fewest: fewest, most: most, fewestSeconds: Self.median(fewestTimes), mostSeconds: Self.median(mostTimes), rounds: max(rounds, 1)))
    }
  }

  /// Value `index` of a vault of `count`: lengths spread evenly over 16 to 40 bytes, so every
  /// vault has the same shortest value and the comparison between vaults measures their size.
  static func valueLength(index: Int, of count: Int) -> Int {
    16 + index * 25 / max(count, 1)
  }

  private func measureLandfall(_ files: Files) throws -> Run {
    try measure(landfall, ["redact", "--secrets-file", files.secrets.path], input: files.input, output: files.output)
  }

  private static func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
  }

  private struct Files {
    var input: URL
    var output: URL
    var secrets: URL
    var values: URL
    var forms: URL
    var formCount: Int

    init(directory: URL, values: [String]) throws {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
      input = directory.appendingPathComponent("input.txt")
      output = directory.appendingPathComponent("output.txt")
      secrets = directory.appendingPathComponent("secrets.env")
      self.values = directory.appendingPathComponent("values.txt")
      forms = directory.appendingPathComponent("forms.txt")
      let allForms = values.flatMap { Redactor.encodedForms(of: $0) }.filter { !$0.contains("\n") }
      formCount = allForms.count
      try Data(values.enumerated().map { "V\($0.offset)=\($0.element)\n" }.joined().utf8).write(to: secrets)
      try Data((values.joined(separator: "\n") + "\n").utf8).write(to: self.values)
      try Data((allForms.joined(separator: "\n") + "\n").utf8).write(to: forms)
    }
  }

  private func median(_ body: () throws -> Run) throws -> Run {
    Self.median(try (0..<3).map { _ in try body() })
  }

  /// The run of median time among `runs`; no time at all when there are none.
  private static func median(_ runs: [Run]) -> Run {
    runs.sorted { $0.seconds < $1.seconds }.dropFirst(runs.count / 2).first ?? Run(seconds: 0, peakMegabytes: nil)
  }

  private func measure(_ executable: String, _ arguments: [String], input: URL?, output: URL) throws -> Run {
    let stats = output.deletingLastPathComponent().appendingPathComponent("time.txt")
    let process = Process()
    if let timer {
      process.executableURL = URL(fileURLWithPath: timer)
      process.arguments = ["-v", "-o", stats.path, executable] + arguments
    } else {
      process.executableURL = URL(fileURLWithPath: executable)
      process.arguments = arguments
    }
    _ = FileManager.default.createFile(atPath: output.path, contents: nil)
    let sink = try FileHandle(forWritingTo: output)
    defer { try? sink.close() }
    process.standardOutput = sink
    process.standardError = FileHandle.nullDevice
    if let input { process.standardInput = try FileHandle(forReadingFrom: input) }
    let elapsed = try ContinuousClock().measure {
      try process.run()
      process.waitUntilExit()
    }
    var peak: Double?
    if timer != nil, let text = try? String(contentsOf: stats, encoding: .utf8),
      let line = text.split(separator: "\n").first(where: { $0.contains("Maximum resident set size") }),
      let kilobytes = line.split(separator: ":").last.flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) })
    {
      peak = kilobytes / 1024
    }
    return Run(seconds: elapsed.seconds, peakMegabytes: peak)
  }

  static func randomValue(length: Int, _ generator: inout SplitMix) -> String {
    let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789-_")
    return String((0..<length).map { _ in alphabet.randomElement(using: &generator) ?? "x" })
  }

  /// Log-like lines written in 1 MiB pieces, with a vault value on about one line in 200.
  static func writeText(megabytes: Int, values: [String], to url: URL, generator: inout SplitMix) throws {
    let words = ["GET", "/api/notes", "200", "took", "12ms", "user", "session", "started", "worker", "queue",
                 "the", "migration", "copied", "rows", "into", "table", "notes", "at", "2026-11-27T10:00:00Z", "info"]
    _ = FileManager.default.createFile(atPath: url.path, contents: nil)
    let handle = try FileHandle(forWritingTo: url)
    defer { try? handle.close() }
    var written = 0
    var line = 0
    var piece = ""
    while written < megabytes << 20 {
      line += 1
      var parts = (0..<12).map { _ in words.randomElement(using: &generator) ?? "" }
      if line % 200 == 0, let value = values.randomElement(using: &generator) { parts.insert(value, at: 6) }
      piece += parts.joined(separator: " ") + "\n"
      if piece.utf8.count >= 1 << 20 {
        try handle.write(contentsOf: Data(piece.utf8))
        written += piece.utf8.count
        piece = ""
      }
    }
  }
}

/// A small deterministic random source for generated benchmark input.
public struct SplitMix: RandomNumberGenerator {
  private var state: UInt64

  /// A generator starting from `seed`.
  public init(seed: UInt64) {
    state = seed
  }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

extension Duration {
  var seconds: Double {
    Double(components.seconds) + Double(components.attoseconds) / 1e18
  }
}
