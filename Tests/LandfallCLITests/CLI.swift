import Foundation
import LandfallCore
import LandfallTestSupport

/// Runs the built `landfall` binary and collects what it printed.
struct CLI {
  struct Result: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String
    /// From the program's start to its exit, not counting time the test waited to start it.
    var elapsed: Duration = .zero
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

  /// Runs the binary on a thread of its own, so a waiting test never holds a task thread.
  static func run(_ arguments: [String], environment: [String: String] = [:], stdin: String = "") async throws -> Result {
    try await offTaskThreads { try runBlocking(arguments, environment: environment, stdin: stdin) }
  }

  /// Runs the binary on a pseudo-terminal (through `script`), typing each step once the screen
  /// shows it is ready for it (or after 30 s).
  static func runOnTerminal(
    _ arguments: [String], environment: [String: String], steps: [TerminalStep], then shellCommand: String? = nil
  ) async throws -> Result {
    try await offTaskThreads { try runOnTerminalBlocking(arguments, environment: environment, steps: steps, then: shellCommand) }
  }

  private static func offTaskThreads(_ body: @escaping @Sendable () throws -> Result) async throws -> Result {
    try await withCheckedThrowingContinuation { continuation in
      Thread.detachNewThread { continuation.resume(with: Swift.Result { try body() }) }
    }
  }

  private static func runBlocking(_ arguments: [String], environment: [String: String], stdin: String) throws -> Result {
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    env["LANDFALL_FLYCTL"] = "/nonexistent/flyctl"
    env.merge(environment) { $1 }
    process.environment = env
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("landfall-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let files = ["in", "out", "err"].map { scratch.appendingPathComponent($0) }
    try Data(stdin.utf8).write(to: files[0])
    for file in files.dropFirst() { try Data().write(to: file) }
    process.standardInput = try FileHandle(forReadingFrom: files[0])
    process.standardOutput = try FileHandle(forWritingTo: files[1])
    process.standardError = try FileHandle(forWritingTo: files[2])
    let started = ContinuousClock.now
    try process.run()
    process.waitUntilExit()
    let elapsed = ContinuousClock.now - started
    let out = try Data(contentsOf: files[1])
    let err = try Data(contentsOf: files[2])
    return Result(
      status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
      stderr: String(decoding: err, as: UTF8.self), elapsed: elapsed)
  }

  private static func runOnTerminalBlocking(
    _ arguments: [String], environment: [String: String], steps: [TerminalStep], then shellCommand: String?
  ) throws -> Result {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
    let command = ([binary.path] + arguments).map { "'\($0)'" }.joined(separator: " ") + (shellCommand.map { "; \($0)" } ?? "")
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
    let screen = Screen()
    let reader = Thread {
      while true {
        let chunk = output.fileHandleForReading.nextChunk()
        if chunk.isEmpty { break }
        screen.append(chunk)
      }
      screen.finish()
    }
    reader.start()
    var typedAt = 0
    for step in steps {
      let deadline = Date().addingTimeInterval(30)
      while !step.ready(screen.text(from: typedAt)) && Date() < deadline && process.isRunning {
        Thread.sleep(forTimeInterval: 0.05)
      }
      Thread.sleep(forTimeInterval: 0.2)
      typedAt = screen.count
      try? input.fileHandleForWriting.write(contentsOf: Data(step.text.utf8))
    }
    Thread.sleep(forTimeInterval: 0.5)
    try input.fileHandleForWriting.close()
    process.waitUntilExit()
    return Result(status: process.terminationStatus, stdout: screen.waitForEnd(), stderr: "")
  }

  static func temporaryDirectory() throws -> URL {
    try TestFolders.fresh("landfall-test")
  }
}

/// What to type on the terminal, and what the screen must show first.
struct TerminalStep: Sendable {
  var ready: @Sendable (String) -> Bool
  var text: String

  /// Types `text` once `marker` appeared since the previous step was typed.
  static func after(_ marker: String, type text: String) -> TerminalStep {
    TerminalStep(ready: { $0.contains(marker) }, text: text)
  }

  /// Types `text` once `condition` holds.
  static func when(_ condition: @escaping @Sendable () -> Bool, type text: String) -> TerminalStep {
    TerminalStep(ready: { _ in condition() }, text: text)
  }
}

/// The bytes a terminal program printed so far, shared between the reader and the typist.
private final class Screen: @unchecked Sendable {
  // Guarded by `lock`.
  private let lock = NSCondition()
  private var bytes = Data()
  private var ended = false

  var count: Int { lock.withLock { bytes.count } }

  func append(_ chunk: Data) { lock.withLock { bytes.append(chunk) } }

  func text(from offset: Int) -> String {
    lock.withLock { String(decoding: bytes.suffix(from: min(offset, bytes.count)), as: UTF8.self) }
  }

  func finish() {
    lock.lock()
    ended = true
    lock.broadcast()
    lock.unlock()
  }

  func waitForEnd() -> String {
    lock.lock()
    while !ended { lock.wait() }
    defer { lock.unlock() }
    return String(decoding: bytes, as: UTF8.self)
  }
}
