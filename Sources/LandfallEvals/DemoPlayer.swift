public import LandfallCore
public import LandfallModel

/// Plays a golden transcript as if it were happening: the person's messages, the model's streamed
/// answers and every tool call run live against the sandbox's fakes through the real policy, with
/// the recorded approvals, then a summary of the migration so far.
public struct DemoPlayer: Sendable {
  private let runner: EvalRunner

  /// A player reading sample apps from `examplesDirectory`.
  public init(examplesDirectory: String) {
    runner = EvalRunner(examplesDirectory: examplesDirectory)
  }

  /// Plays `recording` of `scenario` to `output`; `beforeTurn` can wait for the person.
  public func play(
    _ scenario: Scenario, recording: [TranscriptEvent], output: any ChatOutput, beforeTurn: @escaping @Sendable () async -> Void
  ) async {
    let approver = ShowingApprover(answers: scenario.approvals, output: output)
    let run: EvalRun = await runner.run(scenario, replaying: recording, approver: approver) { agent, toolRunner in
      for turn in scenario.turns {
        await beforeTurn()
        output.write("\nlandfall[\(turn.phase.rawValue)]> \(turn.message)\n")
        do throws(AgentError) {
          _ = try await agent.send(turn.message, phase: turn.phase, onText: { output.write($0) }, onActivity: { output.notice($0.line) })
        } catch {
          output.notice("error: \(error.description)")
        }
        output.write("\n")
      }
      let ledger = await toolRunner.ledger
      let state = await agent.state
      output.write("\n— Migration so far —\n\(state.summary)\nCommitted cloud spend: $\(String(format2: ledger.committedMonthlyUSD))/month\n")
    }
    let vms = (run.cloud["vms"]?.arrayValue ?? []).compactMap(Self.describe(vm:))
    let addresses = (run.cloud["publicIps"]?.arrayValue ?? []).compactMap { (ip: JSONValue) in ip["ipAddress"]?.stringValue }
    output.write("Cloud: \(vms.isEmpty ? "no VM" : vms.joined(separator: ", ")); public IPs: \(addresses.isEmpty ? "none" : addresses.joined(separator: ", "))\n")
    output.write("Recorded in \(run.events.count) transcript events. Next: phase 4 moves the data.\n")
  }

  private static func describe(vm: JSONValue) -> String? {
    guard let name = vm["name"]?.stringValue else { return nil }
    let status = vm["status"]?.stringValue ?? "?"
    let cpu = vm["cpu"].map { JSONWriter.string($0) } ?? "?"
    return "\(name) (\(status), \(cpu) vCPU, \(vm["memoryMb"]?.intValue ?? 0) MB)"
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
    var text = "\n\(request.summary.prefix(160))\n"
    for reason in request.reasons { text += "  - \(reason)\n" }
    output.write(text + "Approve? [y/N] \(answer ? "y" : "n")   (the recorded answer)\n")
    return answer
  }
}
