import Foundation
public import LandfallCore

extension ProcessProgramLauncher: StreamingProgramLauncher {
  public func stream(_ request: CommandRequest) throws(CommandError) -> any ProgramOutput {
    let (process, executable) = try runner.prepare(request)
    let output = Pipe()
    let errors = Pipe()
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = output
    process.standardError = errors
    do {
      try process.runWithSignalsDelivered()
    } catch {
      throw .failedToStart(executable: executable, reason: error.localizedDescription)
    }
    return ProcessProgramOutput(process: process, output: output.fileHandleForReading, errors: errors.fileHandleForReading)
  }
}

/// A running program's standard output, read in pieces; standard error is collected on a thread
/// of its own so a chatty program never blocks.
final class ProcessProgramOutput: ProgramOutput, @unchecked Sendable {
  private let process: Process
  private let output: FileHandle
  private let errorText = LockedText()

  init(process: Process, output: FileHandle, errors: FileHandle) {
    self.process = process
    self.output = output
    Thread.detachNewThread { [errorText] in
      errorText.set(String(decoding: errors.readAllSurvivingInterrupts(), as: UTF8.self))
    }
  }

  func next() -> [UInt8]? {
    let data = output.nextChunk()
    return data.isEmpty ? nil : Array(data)
  }

  func finish() async -> CommandResult {
    let process = process
    let errorText = errorText
    return await withCheckedContinuation { (continuation: CheckedContinuation<CommandResult, Never>) in
      Thread.detachNewThread { [output] in
        while !output.nextChunk().isEmpty {}
        process.waitUntilExit()
        continuation.resume(returning: CommandResult(exitCode: process.terminationStatus, standardOutput: "", standardError: errorText.wait()))
      }
    }
  }
}

/// Text set once by one thread and awaited by another.
final class LockedText: @unchecked Sendable {
  private let condition = NSCondition()
  private var text: String?

  func set(_ value: String) {
    condition.withLock {
      text = value
      condition.broadcast()
    }
  }

  func wait() -> String {
    condition.withLock {
      while text == nil { condition.wait() }
      return text ?? ""
    }
  }
}
