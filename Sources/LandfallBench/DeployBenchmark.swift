import Foundation
internal import LandfallRigs

/// The deploy script under load: repeated deploys and rollbacks against a real sshd and nginx on
/// loopback (the stand-in docker runs each version as a process), with failed requests counted.
public struct DeployBenchmark {
  /// One deploy or rollback.
  public struct Round: Sendable {
    public var action: String
    public var requests: Int
    public var failed: Int
    /// Seconds from the health check passing to nginx's old workers being gone.
    public var healthyToSwitched: Double
    /// Seconds the image build took on the server (0 for a rollback).
    public var build: Double
    /// Seconds of the whole run as the person waits for it, ssh included.
    public var wall: Double
    /// `wall` minus `build`: what the script adds to the image build.
    public var overhead: Double { wall - build }
  }

  /// A benchmark.
  public init() {}

  /// `rounds` deploys, each followed by a rollback, each under at least `minimumRequests` requests.
  public func run(rounds: Int, minimumRequests: Int, report: (Round) -> Void) throws {
    let rehearsal = try DeployRehearsal()
    defer { rehearsal.stop() }
    _ = try rehearsal.run()
    for round in 1...max(rounds, 1) {
      try rehearsal.commit(version: "v\(round + 1)")
      for action in ["deploy", "rollback"] {
        let (run, load) = try rehearsal.underLoad(minimum: minimumRequests) { try rehearsal.run([action]) }
        guard run.status == 0 else { throw Failure(description: "\(action) failed:\n\(run.output)") }
        report(
          Round(
            action: action, requests: load.requests, failed: load.failed,
            healthyToSwitched: Self.seconds(onLineStarting: "switched nginx to ", in: run.output),
            build: Self.seconds(onLineStarting: "built ", in: run.output), wall: run.seconds))
      }
    }
  }

  /// A run the script reported as failed.
  public struct Failure: Error, CustomStringConvertible {
    public var description: String
  }

  /// The first "N.NN s" figure on the output line that starts with `prefix` (0 when none).
  static func seconds(onLineStarting prefix: String, in output: String) -> Double {
    guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }) else { return 0 }
    let words = line.split(separator: " ")
    guard let index = words.firstIndex(of: "s").map({ $0 - 1 }), index >= 0 else { return 0 }
    return Double(words[index]) ?? 0
  }
}
