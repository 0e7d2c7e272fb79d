import Foundation
public import LandfallCore

/// Starts background programs with Foundation's `Process` (signals delivered, so SIGTERM stops
/// them), waiting until they listen on a loopback port. Their standard error goes to a private
/// temporary file, read back only to explain an early exit. Each is tied to this process's life
/// (`ProcessLifeline`), so none outlives a Landfall that was killed.
public struct ProcessProgramLauncher: ProgramLauncher {
  let runner: ProcessCommandRunner

  /// A launcher that finds bare program names on `path` (colon-separated); programs start with
  /// `environment` plus the request's variables (this process's environment when nil).
  public init(path: String, environment: [String: String]? = nil) {
    runner = ProcessCommandRunner(path: path, environment: environment)
  }

  public func launch(_ request: CommandRequest, listeningOn port: Int) async throws(CommandError) -> any BackgroundProgram {
    let (process, executable) = try runner.prepare(request)
    let log = FileManager.default.temporaryDirectory.appendingPathComponent("landfall-bg-\(UUID().uuidString).log")
    guard FileManager.default.createFile(atPath: log.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
      throw .failedToStart(executable: executable, reason: "cannot create \(log.path)")
    }
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = FileHandle.nullDevice
    process.standardError = try? FileHandle(forWritingTo: log)
    do {
      try process.runWithSignalsDelivered()
    } catch {
      try? FileManager.default.removeItem(at: log)
      throw .failedToStart(executable: executable, reason: error.localizedDescription)
    }
    ProcessLifeline.tie(process.processIdentifier, removing: log.path)
    let program = LaunchedProcess(process: process, log: log)
    let limit = request.timeout ?? .seconds(30)
    let started = ContinuousClock.now
    while ContinuousClock.now - started < limit {
      if let connection = try? TCPConnect.connect(host: "127.0.0.1", port: port, timeout: .milliseconds(500)) {
        close(connection)
        return program
      }
      guard process.isRunning else {
        let said = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        await program.stop()
        throw .failedToStart(executable: executable, reason: "it exited before listening on port \(port): \(said.trimmingCharacters(in: .whitespacesAndNewlines))")
      }
      try? await Task.sleep(for: .milliseconds(50))
    }
    await program.stop()
    throw .timedOut(executable: executable, after: limit)
  }

  public func freeLocalPort() throws(CommandError) -> Int {
    do {
      let listener = try LoopbackListener.open()
      close(listener.descriptor)
      return listener.port
    } catch {
      throw .failedToStart(executable: "a local listener", reason: error.description)
    }
  }
}

/// A started program; `stop` ends it once.
final class LaunchedProcess: BackgroundProgram, @unchecked Sendable {
  private let process: Process
  private let log: URL
  private let stopping = OnceGate()

  init(process: Process, log: URL) {
    self.process = process
    self.log = log
  }

  func stop() async {
    guard stopping.pass() else { return }
    let process = process
    let log = log
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
      Thread.detachNewThread {
        if process.isRunning {
          process.terminate()
          let deadline = Date().addingTimeInterval(5)
          while process.isRunning, Date() < deadline { usleep(20_000) }
          if process.isRunning { kill(process.processIdentifier, SIGKILL) }
          process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: log)
        continuation.resume()
      }
    }
  }
}
