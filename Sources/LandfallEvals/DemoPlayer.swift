public import LandfallCore
public import LandfallModel
internal import LandfallPrompts

/// Plays a golden transcript in the chat REPL as if it were happening: the person's messages are
/// typed into the REPL, the model's answers are replayed, every tool call runs now against the
/// sandbox's fakes through the real policy with the recorded approvals, and the REPL's own
/// `/state` and `/cost` end it with the migration so far.
public struct DemoPlayer: Sendable {
  private let runner: EvalRunner

  /// A player reading sample apps from `examplesDirectory`, finding helper programs on `path`.
  public init(examplesDirectory: String, path: String = EvalRunner.defaultPath) {
    runner = EvalRunner(examplesDirectory: examplesDirectory, path: path)
  }

  /// Plays `recording` of `scenario` to `output`; `beforeLine` runs before each typed line, so a
  /// person can set the pace.
  public func play(
    _ scenario: Scenario, recording: [TranscriptEvent], output: any ChatOutput, beforeLine: @escaping @Sendable () async -> Void
  ) async {
    let lines = scenario.turns.map { "/phase \($0.phase.rawValue) \($0.message)" } + ["/state", "/cost"]
    let input = TypedLines(lines, output: output, beforeLine: beforeLine)
    let approver = ShowingApprover(answers: scenario.approvals, output: output)
    let run: EvalRun = await runner.run(scenario, replaying: recording, approver: approver) { agent, toolRunner, vault in
      let context = ChatREPL.Context(
        input: input, output: output, runner: toolRunner, vault: vault, secretPrompter: nil, sessionID: "demo-\(scenario.id)",
        phasePrompt: { (try? PromptLibrary.phase($0, PromptFacts(inventory: nil))) ?? "Continue with phase \($0.rawValue)." })
      await ChatREPL(agent: agent, context: context, phase: scenario.turns.first?.phase ?? .inventory).run()
    }
    if let failure = run.failure { output.write("\nThe demo could not play: \(failure)\n") }
    let vms = (run.cloud["vms"]?.arrayValue ?? []).compactMap(Self.describe(vm:))
    let addresses = (run.cloud["publicIps"]?.arrayValue ?? []).compactMap { (ip: JSONValue) in ip["ipAddress"]?.stringValue }
    output.write("\nCloud: \(vms.isEmpty ? "no VM" : vms.joined(separator: ", ")); public IPs: \(addresses.isEmpty ? "none" : addresses.joined(separator: ", "))\n")
    output.write("Recorded in \(run.events.count) transcript events.\n")
  }

  private static func describe(vm: JSONValue) -> String? {
    guard let name = vm["name"]?.stringValue else { return nil }
    let status = vm["status"]?.stringValue ?? "?"
    let cpu = vm["cpu"].map { JSONWriter.string($0) } ?? "?"
    return "\(name) (\(status), \(cpu) vCPU, \(vm["memoryMb"]?.intValue ?? 0) MB)"
  }
}

/// The REPL's input during a demo: each line is shown after the prompt as if typed.
actor TypedLines: LineInput {
  private var lines: [String]
  private let output: any ChatOutput
  private let beforeLine: @Sendable () async -> Void

  init(_ lines: [String], output: any ChatOutput, beforeLine: @escaping @Sendable () async -> Void) {
    self.lines = lines
    self.output = output
    self.beforeLine = beforeLine
  }

  func readLine(prompt: String) async -> String? {
    guard !lines.isEmpty else { return nil }
    await beforeLine()
    let line = lines.removeFirst()
    output.write("\n\(prompt)\(line)\n")
    return line
  }
}

/// Answers approvals from the recording and shows each one, as a person would see it.
actor ShowingApprover: Approver {
  private var answers: [Bool]
  private let output: any ChatOutput

  init(answers: [Bool], output: any ChatOutput) {
    self.answers = answers
    self.output = output
  }

  func approve(_ request: ApprovalRequest) async -> Bool {
    let answer = answers.isEmpty ? false : answers.removeFirst()
    let text = ApprovalWording.question(for: request, showsCall: false)
    output.write(text + "Approve? [y/n] \(answer ? "y" : "n")   (the recorded answer)\n")
    return answer
  }
}
