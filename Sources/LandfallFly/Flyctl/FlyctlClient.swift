public import LandfallCore
public import LandfallModel

/// Where flyctl is and how to call it: a program plus arguments that come before flyctl's own
/// (the sandbox runs `landfall fake flyctl --state FILE --` this way).
public struct FlyctlLocation: Sendable, Equatable {
  public var executable: String
  public var prefixArguments: [String]

  /// A flyctl found at `executable`.
  public init(executable: String, prefixArguments: [String] = []) {
    self.executable = executable
    self.prefixArguments = prefixArguments
  }
}

/// Why a flyctl call gave no answer.
public enum FlyctlFailure: Error, Sendable, Equatable, CustomStringConvertible {
  /// flyctl is not installed where Landfall looked.
  case notInstalled(executable: String)
  /// flyctl has no access token.
  case notLoggedIn
  /// The app (or Postgres cluster) does not exist in the logged-in account.
  case appNotFound(app: String, message: String)
  /// flyctl ran and failed for another reason; `message` is its last error line.
  case failed(command: String, message: String)
  /// flyctl answered with output Landfall could not read.
  case unreadableOutput(command: String, reason: String)

  public var description: String {
    switch self {
    case .notInstalled(let executable):
      return "flyctl not found (\(executable)); install flyctl or set LANDFALL_FLYCTL to its path"
    case .notLoggedIn:
      return "flyctl is not logged in; run 'flyctl auth login' (or set FLY_API_TOKEN) and try again"
    case .appNotFound(let app, _):
      return "Fly app \"\(app)\" was not found in the logged-in account; check the app name (--fly-app)"
    case .failed(let command, let message):
      return "flyctl \(command) failed: \(message)"
    case .unreadableOutput(let command, let reason):
      return "flyctl \(command) printed output Landfall could not read (\(reason))"
    }
  }
}

/// The flyctl commands Landfall needs, over a `CommandRunner`; JSON answers are parsed leniently
/// (PascalCase and snake_case key spellings both accepted).
public struct FlyctlClient: Sendable {
  private let runner: any CommandRunner
  /// Where flyctl is and the arguments that come first (the fake's, in the sandbox).
  public let location: FlyctlLocation

  /// A client that runs flyctl through `runner`.
  public init(runner: any CommandRunner, location: FlyctlLocation) {
    self.runner = runner
    self.location = location
  }

  /// Runs flyctl with `arguments`; returns standard output on exit 0.
  public func run(_ arguments: [String], app: String? = nil) async throws(FlyctlFailure) -> String {
    let request = CommandRequest(
      executable: location.executable, arguments: location.prefixArguments + arguments,
      timeout: .seconds(60))
    let result: CommandResult
    do {
      result = try await runner.run(request)
    } catch {
      switch error {
      case .notFound(let executable): throw .notInstalled(executable: executable)
      case .failedToStart(let executable, _): throw .notInstalled(executable: executable)
      case .timedOut: throw .failed(command: arguments.prefix(2).joined(separator: " "), message: "timed out")
      }
    }
    guard result.succeeded else {
      throw Self.classify(result.standardError, command: arguments.prefix(2).joined(separator: " "), app: app)
    }
    return result.standardOutput
  }

  /// Runs a `--json` command and parses its answer.
  public func json(_ arguments: [String], app: String? = nil) async throws(FlyctlFailure) -> JSONValue {
    let output = try await run(arguments, app: app)
    do {
      return try JSONParser.parse(output)
    } catch {
      throw .unreadableOutput(command: arguments.prefix(2).joined(separator: " "), reason: error.description)
    }
  }

  static func classify(_ standardError: String, command: String, app: String?) -> FlyctlFailure {
    let lines = standardError.split(separator: "\n").map { $0.trimmingCharacters(in: " \t") }
    let errorLine = lines.first { $0.hasPrefix("Error") } ?? lines.last ?? Substring("exit status non-zero")
    let message = errorLine.hasPrefix("Error: ") ? String(errorLine.dropFirst(7)) : String(errorLine)
    let lowered = standardError.lowercased()
    if lowered.contains("no access token") || lowered.contains("not logged in")
      || lowered.contains("auth login")
    {
      return .notLoggedIn
    }
    if lowered.contains("could not find app") || lowered.contains("could not resolve app")
      || lowered.contains("app not found")
    {
      return .appNotFound(app: app ?? "", message: message)
    }
    return .failed(command: command, message: message)
  }
}
