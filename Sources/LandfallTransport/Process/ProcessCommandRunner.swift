import Foundation
public import LandfallCore

/// Runs programs with Foundation's `Process`, finding bare names on `PATH`.
///
/// Output pipes are drained on their own threads so a chatty program never blocks, and a
/// timeout terminates the program (then kills it if it lingers).
public struct ProcessCommandRunner: CommandRunner {
  private let searchPath: [String]
  private let environment: [String: String]?

  /// A runner that looks programs up on `path` (the `PATH` value, colon-separated). Programs
  /// start with `environment` plus the request's own variables; without one they inherit this
  /// process's environment.
  public init(path: String, environment: [String: String]? = nil) {
    searchPath = path.split(separator: ":").map(String.init)
    self.environment = environment
  }

  public func run(_ request: CommandRequest) async throws(CommandError) -> CommandResult {
    let (process, executable) = try prepare(request)
    let input = Pipe()
    let output = Pipe()
    let errors = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = errors
    let finished = ProcessCompletion()
    process.terminationHandler = { _ in finished.signal() }
    do {
      try process.runWithSignalsDelivered()
    } catch {
      throw .failedToStart(executable: executable, reason: error.localizedDescription)
    }
    let stdout = PipeDrain(output.fileHandleForReading)
    let stderr = PipeDrain(errors.fileHandleForReading)
    let stdin = request.standardInput
    Thread.detachNewThread {
      if !stdin.isEmpty { try? input.fileHandleForWriting.write(contentsOf: stdin) }
      try? input.fileHandleForWriting.close()
    }
    let pid = process.processIdentifier
    let timedOut = await finished.wait(timeout: request.timeout) {
      kill(pid, SIGTERM)
      DispatchQueue.global().asyncAfter(deadline: .now() + 2) {
        if process.isRunning { kill(pid, SIGKILL) }
      }
    }
    let outText = await stdout.finish()
    let errText = await stderr.finish()
    if timedOut, let timeout = request.timeout {
      throw .timedOut(executable: request.executable, after: timeout)
    }
    return CommandResult(exitCode: process.terminationStatus, standardOutput: outText, standardError: errText)
  }

  /// A process for `request`: the program found on the search path, the environment added to ours.
  func prepare(_ request: CommandRequest) throws(CommandError) -> (process: Process, executable: String) {
    guard let executable = resolve(request.executable) else { throw .notFound(executable: request.executable) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = request.arguments
    if let environment {
      process.environment = environment.merging(request.environment) { $1 }
    } else if !request.environment.isEmpty {
      process.environment = ProcessInfo.processInfo.environment.merging(request.environment) { $1 }
    }
    return (process, executable)
  }

  private func resolve(_ name: String) -> String? {
    let manager = FileManager.default
    if name.contains("/") { return manager.isExecutableFile(atPath: name) ? name : nil }
    for directory in searchPath where !directory.isEmpty {
      let candidate = directory + "/" + name
      if manager.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }
}

/// Reads a pipe to its end on a dedicated thread; waiting for it never holds a task thread.
private final class PipeDrain: @unchecked Sendable {
  // Guarded by `lock`.
  private let lock = NSLock()
  private var data: Data?
  private var waiter: CheckedContinuation<Data, Never>?

  init(_ handle: FileHandle) {
    Thread.detachNewThread { [self] in
      let read = handle.readAllSurvivingInterrupts()
      lock.lock()
      data = read
      let continuation = waiter
      waiter = nil
      lock.unlock()
      continuation?.resume(returning: read)
    }
  }

  func finish() async -> String {
    let bytes = await withCheckedContinuation { (continuation: CheckedContinuation<Data, Never>) in
      lock.lock()
      if let data {
        lock.unlock()
        continuation.resume(returning: data)
      } else {
        waiter = continuation
        lock.unlock()
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}

/// Bridges a process's termination to async code, with an optional deadline.
private final class ProcessCompletion: @unchecked Sendable {
  // Guarded by `lock`.
  private let lock = NSLock()
  private var exited = false
  private var timedOut = false
  private var waiter: CheckedContinuation<Void, Never>?

  func signal() {
    lock.lock()
    exited = true
    let continuation = waiter
    waiter = nil
    lock.unlock()
    continuation?.resume()
  }

  /// Waits for exit; returns true when the deadline passed first (after `onTimeout` ran).
  ///
  /// The deadline runs on a dispatch timer, so it fires on time even when every task thread
  /// is busy.
  func wait(timeout: Duration?, onTimeout: @escaping @Sendable () -> Void) async -> Bool {
    let timer: DispatchWorkItem? = timeout.map { limit in
      let item = DispatchWorkItem { [self] in
        if markTimedOut() { onTimeout() }
      }
      let nanoseconds = limit.components.seconds * 1_000_000_000 + limit.components.attoseconds / 1_000_000_000
      DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(nanoseconds)), execute: item)
      return item
    }
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
      lock.lock()
      if exited {
        lock.unlock()
        continuation.resume()
      } else {
        waiter = continuation
        lock.unlock()
      }
    }
    timer?.cancel()
    return lock.withLock { timedOut }
  }

  private func markTimedOut() -> Bool {
    lock.lock()
    defer { lock.unlock() }
    if exited { return false }
    timedOut = true
    return true
  }
}
