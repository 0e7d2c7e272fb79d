/// Runs a local program and collects what it printed.
///
/// Live: `ProcessCommandRunner` (LandfallTransport). Fakes: `ScriptedCommandRunner`,
/// `FakeFlyctlCommandRunner` (LandfallFakes).
public protocol CommandRunner: Sendable {
  /// Runs `request` to completion; a non-zero exit is a result, not an error.
  func run(_ request: CommandRequest) async throws(CommandError) -> CommandResult
}

/// One program invocation. Secret values travel in `standardInput` or `environment`, never in
/// `arguments`, which other users of the machine can read.
public struct CommandRequest: Sendable, Equatable {
  public var executable: String
  public var arguments: [String]
  public var environment: [String: String]
  public var standardInput: [UInt8]
  public var timeout: Duration?

  /// Creates a request; `environment` is added to the inherited environment.
  public init(
    executable: String, arguments: [String], environment: [String: String] = [:],
    standardInput: [UInt8] = [], timeout: Duration? = nil
  ) {
    self.executable = executable
    self.arguments = arguments
    self.environment = environment
    self.standardInput = standardInput
    self.timeout = timeout
  }
}

/// What a finished program left behind.
public struct CommandResult: Sendable, Equatable {
  public var exitCode: Int32
  public var standardOutput: String
  public var standardError: String

  /// Creates a result.
  public init(exitCode: Int32, standardOutput: String, standardError: String) {
    self.exitCode = exitCode
    self.standardOutput = standardOutput
    self.standardError = standardError
  }

  /// True when the program exited with status 0.
  public var succeeded: Bool { exitCode == 0 }
}

/// Why a program could not be run at all.
public enum CommandError: Error, Sendable, Equatable, CustomStringConvertible {
  /// No such program on PATH or at that path: install it or point the setting at it.
  case notFound(executable: String)
  /// The program exists but could not be started (permissions, format).
  case failedToStart(executable: String, reason: String)
  /// The program ran longer than allowed and was stopped.
  case timedOut(executable: String, after: Duration)

  public var description: String {
    switch self {
    case .notFound(let executable): return "\(executable): not found"
    case .failedToStart(let executable, let reason): return "\(executable): could not start (\(reason))"
    case .timedOut(let executable, let after): return "\(executable): timed out after \(after)"
    }
  }
}
