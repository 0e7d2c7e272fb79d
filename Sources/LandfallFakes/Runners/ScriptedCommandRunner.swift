public import LandfallCore

/// A `CommandRunner` that answers from a script keyed by the arguments, and records every call.
///
/// A call with no scripted answer fails with `notFound`, so a test notices unexpected commands.
public actor ScriptedCommandRunner: CommandRunner {
  private let answers: [[String]: Result<CommandResult, CommandError>]
  private let fallback: Result<CommandResult, CommandError>?
  /// Every request seen, in order.
  public private(set) var requests: [CommandRequest] = []

  /// A runner with `answers` per argument list and an optional `fallback` for everything else.
  public init(
    answers: [[String]: Result<CommandResult, CommandError>],
    fallback: Result<CommandResult, CommandError>? = nil
  ) {
    self.answers = answers
    self.fallback = fallback
  }

  public func run(_ request: CommandRequest) async throws(CommandError) -> CommandResult {
    requests.append(request)
    guard let answer = answers[request.arguments] ?? fallback else {
      throw .notFound(executable: "\(request.executable) \(request.arguments.joined(separator: " "))")
    }
    return try answer.get()
  }
}
