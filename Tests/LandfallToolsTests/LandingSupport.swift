import Foundation
import LandfallCore
import LandfallFakes
import LandfallRigs
import LandfallFly
import LandfallModel
import LandfallTools

/// The repository's example apps and the outside programs the landing tests check output with.
enum LandingSupport {
  static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// Every example app's directory name.
  static var examples: [String] {
    let folder = repository.appendingPathComponent("examples").path
    return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted().filter {
      FileManager.default.fileExists(atPath: "\(folder)/\($0)/fly.toml")
    }
  }

  /// Fly tool settings over an example's files (fly.toml, Dockerfile), with no flyctl.
  static func settings(example: String) -> FlyToolSettings {
    let folder = repository.appendingPathComponent("examples/\(example)")
    var files: [String: String] = [:]
    for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] {
      if let text = try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8) { files["app/\(name)"] = text }
    }
    let flyctl = FlyctlClient(
      runner: ScriptedCommandRunner(answers: [:], fallback: .failure(.notFound(executable: "flyctl"))), location: .init(executable: "flyctl"))
    return FlyToolSettings(app: nil, appDirectory: "app", flyctl: flyctl, files: InMemoryFileSource(files))
  }

  static func blueprint(example: String, target: LandingTarget? = nil) async throws -> AppBlueprint {
    try await AppBlueprint.load(settings(example: example), requestedTarget: target)
  }

  struct Run {
    var status: Int32
    var output: String
    var errors: String
  }

  /// Runs a program found on PATH; `nil` when it is not installed.
  static func run(_ arguments: [String], input: String = "") throws -> Run? {
    guard let program = which(arguments[0]) else { return nil }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program)
    process.arguments = Array(arguments.dropFirst())
    let output = Pipe()
    let errors = Pipe()
    let standardInput = Pipe()
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = standardInput
    try process.run()
    try? standardInput.fileHandleForWriting.write(contentsOf: Data(input.utf8))
    try standardInput.fileHandleForWriting.close()
    let out = output.fileHandleForReading.readAllSurvivingInterrupts()
    let err = errors.fileHandleForReading.readAllSurvivingInterrupts()
    process.waitUntilExit()
    return Run(status: process.terminationStatus, output: String(decoding: out, as: UTF8.self), errors: String(decoding: err, as: UTF8.self))
  }

  static func which(_ name: String) -> String? {
    if name.hasPrefix("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
  }

  /// YAML read back by PyYAML (a real YAML parser) as JSON: every document, in order.
  static func parseYAML(_ text: String) throws -> [JSONValue] {
    let script = "import sys, json, yaml; print(json.dumps(list(yaml.safe_load_all(sys.stdin))))"
    guard let run = try run(["python3", "-c", script], input: text) else { throw Missing(program: "python3") }
    guard run.status == 0 else { throw Rejected(message: run.errors) }
    return try JSONParser.parse(run.output).arrayValue ?? []
  }

  /// A temporary folder, removed by the caller.
  static func temporaryFolder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("landfall-landing-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
  }

  struct Missing: Error, CustomStringConvertible {
    var program: String
    var description: String { "\(program) is not installed; scripts/test.sh installs it (pip install kubernetes-validate check-jsonschema, apt python3-yaml)" }
  }

  struct Rejected: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
  }
}
