import Foundation

/// Runs the built `landfall` binary and collects what it printed.
struct CLI {
  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  static let binary: URL = {
    let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    var directory = executable.deletingLastPathComponent()
    while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("landfall").path),
      directory.path != "/"
    {
      directory = directory.deletingLastPathComponent()
    }
    return directory.appendingPathComponent("landfall")
  }()

  static let repository = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  static func run(_ arguments: [String], environment: [String: String] = [:], stdin: String = "") throws -> Result {
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    env["LANDFALL_FLYCTL"] = "/nonexistent/flyctl"
    env.merge(environment) { $1 }
    process.environment = env
    let output = Pipe()
    let errors = Pipe()
    let input = Pipe()
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = input
    try process.run()
    input.fileHandleForWriting.write(Data(stdin.utf8))
    try input.fileHandleForWriting.close()
    let out = output.fileHandleForReading.readDataToEndOfFile()
    let err = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
      stderr: String(decoding: err, as: UTF8.self))
  }

  /// Runs the binary on a pseudo-terminal (through `script`), typing `steps` with pauses.
  static func runOnTerminal(_ arguments: [String], environment: [String: String], steps: [(pauseMilliseconds: Int, text: String)]) throws -> Result {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
    let command = ([binary.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
    process.arguments = ["-qfec", command, "/dev/null"]
    var env = ProcessInfo.processInfo.environment
    env["LANDFALL_FLYCTL"] = "/nonexistent/flyctl"
    env.merge(environment) { $1 }
    process.environment = env
    let output = Pipe()
    let input = Pipe()
    process.standardOutput = output
    process.standardError = output
    process.standardInput = input
    try process.run()
    for step in steps {
      Thread.sleep(forTimeInterval: Double(step.pauseMilliseconds) / 1000)
      input.fileHandleForWriting.write(Data(step.text.utf8))
    }
    Thread.sleep(forTimeInterval: 0.5)
    try input.fileHandleForWriting.close()
    let out = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Result(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self), stderr: "")
  }

  static func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("landfall-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }
}
