import Foundation
internal import LandfallCore
internal import LandfallFakes
internal import LandfallModel
internal import LandfallPolicy
internal import LandfallRigs
internal import LandfallTranscript

/// Measures what the runner adds to a tool call: policy, redaction and three committed
/// transcript events, with a tool that does nothing, as the transcript grows.
public struct RunnerBenchmark {
  /// Latency figures over one window of calls.
  public struct Window: Sendable {
    public var eventsBefore: Int
    public var calls: Int
    public var medianMicroseconds: Double
    public var p99Microseconds: Double
  }

  /// A benchmark.
  public init() {}

  /// Runs calls until the transcript holds `totalEvents`, reporting a window at each checkpoint.
  public func run(totalEvents: Int, checkpoints: [Int], windowCalls: Int, report: (Window) -> Void) async throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("landfall-bench-\(UUID().uuidString).db").path
    defer {
      for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
    let store = try await SQLiteTranscriptStore(path: path, now: { "2026-01-01T00:00:00.000Z" })
    try await store.startSession(id: "bench", title: "runner benchmark")
    let vault = SecretVault()
    try? await vault.store("TOKEN", Secret("bench-secret-value-123456"), origin: .person)
    let runner = ToolRunner(
      registry: ToolRegistry([ScriptedTool(name: "noop", effect: .read)]),
      configuration: .init(permissions: SessionPermissions()), approver: ScriptedApprover([]), vault: vault,
      log: store.log(for: "bench"))
    let clock = ContinuousClock()
    var events = 0
    var pending = checkpoints.sorted()
    var callNumber = 0
    while events < totalEvents {
      let measuring = pending.first.map { events >= $0 } ?? false
      var samples: [Double] = []
      let batch = measuring ? windowCalls : max(1, min((pending.first ?? totalEvents) - events, totalEvents - events) / 3)
      for _ in 0..<batch {
        callNumber += 1
        let call = ToolCall(id: "c\(callNumber)", name: "noop", arguments: .object([("n", .int(callNumber))]))
        let elapsed = try await clock.measure { _ = try await runner.run(call, phase: .inventory) }
        if measuring { samples.append(elapsed.seconds * 1e6) }
        events += 3
      }
      if measuring, let checkpoint = pending.first {
        pending.removeFirst()
        samples.sort()
        report(Window(
          eventsBefore: checkpoint, calls: samples.count, medianMicroseconds: samples[samples.count / 2],
          p99Microseconds: samples[min(samples.count - 1, samples.count * 99 / 100)]))
      }
    }
  }
}
