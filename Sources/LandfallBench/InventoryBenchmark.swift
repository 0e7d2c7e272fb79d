import Foundation
internal import LandfallFly
internal import LandfallRigs

/// Times `landfall inventory`'s work (reading, parsing and summarising fly.toml) on generated
/// apps with many process groups and services, to show it grows linearly with the file.
public struct InventoryBenchmark {
  /// One measured size.
  public struct Row: Sendable {
    public var groups: Int
    public var bytes: Int
    public var medianSeconds: Double
  }

  /// A benchmark.
  public init() {}

  /// Runs each size (process groups, each with a service); each figure is the median of five.
  public func run(groupCounts: [Int], report: (Row) -> Void) async throws {
    for groups in groupCounts {
      let toml = Self.toml(groups: groups)
      let files = InMemoryFileSource(["app/fly.toml": toml, "app/Dockerfile": "FROM debian\nCMD [\"/app\"]\n"])
      let builder = InventoryBuilder(files: files, survey: nil)
      var times: [Double] = []
      for _ in 0..<5 {
        let start = ContinuousClock.now
        _ = try await builder.build(appDirectory: "app")
        times.append((ContinuousClock.now - start).seconds)
      }
      report(Row(groups: groups, bytes: toml.utf8.count, medianSeconds: times.sorted()[2]))
    }
  }

  static func toml(groups: Int) -> String {
    var text = "app = 'many-groups'\nprimary_region = 'ams'\n\n[processes]\n"
    for group in 0..<groups { text += "  worker\(group) = \"bin/run --queue q\(group)\"\n" }
    for group in 0..<groups {
      text += "\n[[services]]\n  internal_port = \(8000 + group)\n  protocol = 'tcp'\n  processes = ['worker\(group)']\n"
      text += "  [[services.ports]]\n    port = \(10000 + group)\n    handlers = ['tls', 'http']\n"
    }
    return text
  }
}
