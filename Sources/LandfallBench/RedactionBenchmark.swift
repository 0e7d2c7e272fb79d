import Foundation
internal import LandfallModel
internal import LandfallPolicy

/// Measures redaction throughput on generated text and compares it with ripgrep doing the same
/// fixed-string replacement (`rg --passthru -F -f VALUES -r X`) on the same input.
public struct RedactionBenchmark {
  /// One measured case.
  public struct Row: Sendable {
    public var megabytes: Int
    public var values: Int
    public var patterns: Int
    public var landfallMBps: Double
    public var ripgrepMBps: Double?
    public var replacements: Int
  }

  private let ripgrep: String?

  /// A benchmark; `ripgrep` is the path of `rg`, or `nil` to skip the comparison.
  public init(ripgrep: String?) {
    self.ripgrep = ripgrep
  }

  /// Runs every size against every value count; each figure is the best of three runs.
  public func run(sizes: [Int], valueCounts: [Int], report: (Row) -> Void) throws {
    for values in valueCounts {
      var generator = SplitMix(seed: UInt64(values))
      let secrets = (0..<values).map { index in ("V\(index)", Self.randomValue(&generator)) }
      for size in sizes {
        let text = Self.text(megabytes: size, secrets: secrets, generator: &generator)
        report(try measure(text: text, secrets: secrets, megabytes: size))
      }
    }
  }

  private func measure(text: String, secrets: [(String, String)], megabytes: Int) throws -> Row {
    let redactor = Redactor(secrets: secrets.map { ($0.0, Secret($0.1)) })
    let clock = ContinuousClock()
    var output = ""
    var elapsed = Duration.seconds(1_000)
    for _ in 0..<3 {
      elapsed = min(elapsed, clock.measure { output = redactor.redact(text) })
    }
    let replacements = output.components(separatedBy: "[redacted:").count - 1
    let patterns = secrets.reduce(0) { $0 + Self.forms(of: $1.1).count }
    var row = Row(
      megabytes: megabytes, values: secrets.count, patterns: patterns, landfallMBps: Double(megabytes) / elapsed.seconds,
      ripgrepMBps: nil, replacements: replacements)
    if let ripgrep { row.ripgrepMBps = try ripgrepThroughput(ripgrep, text: text, secrets: secrets, megabytes: megabytes) }
    return row
  }

  private func ripgrepThroughput(_ rg: String, text: String, secrets: [(String, String)], megabytes: Int) throws -> Double {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("landfall-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let input = directory.appendingPathComponent("input.txt")
    let values = directory.appendingPathComponent("values.txt")
    try Data(text.utf8).write(to: input)
    try Data(secrets.flatMap { Self.forms(of: $0.1) }.joined(separator: "\n").utf8).write(to: values)
    var best = Duration.seconds(1_000)
    for _ in 0..<3 {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: rg)
      process.arguments = ["--passthru", "-F", "-f", values.path, "-r", "X", input.path]
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      let elapsed = try ContinuousClock().measure {
        try process.run()
        process.waitUntilExit()
      }
      best = min(best, elapsed)
    }
    return Double(megabytes) / best.seconds
  }

  /// The encoded forms the redactor looks for, as plain strings for ripgrep's pattern file.
  static func forms(of value: String) -> [String] {
    Redactor.encodedForms(of: value)
  }

  static func randomValue(_ generator: inout SplitMix) -> String {
    let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789-_")
    return String((0..<Int.random(in: 16...40, using: &generator)).map { _ in alphabet.randomElement(using: &generator) ?? "x" })
  }

  /// Log-like and prose-like lines, with a vault value (in some encoding) on about one line in 200.
  static func text(megabytes: Int, secrets: [(String, String)], generator: inout SplitMix) -> String {
    let words = ["GET", "/api/notes", "200", "took", "12ms", "user", "session", "started", "worker", "queue",
                 "the", "migration", "copied", "rows", "into", "table", "notes", "at", "2026-11-27T10:00:00Z", "info"]
    var text = ""
    let target = megabytes << 20
    text.reserveCapacity(target + 256)
    var line = 0
    while text.utf8.count < target {
      line += 1
      var parts = (0..<12).map { _ in words.randomElement(using: &generator) ?? "" }
      if line % 200 == 0, let secret = secrets.randomElement(using: &generator) {
        let forms = forms(of: secret.1)
        parts.insert(forms.randomElement(using: &generator) ?? secret.1, at: 6)
      }
      text += parts.joined(separator: " ") + "\n"
    }
    return text
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
