import LandfallCore
import LandfallTestSupport
import LandfallTransport
import Testing

@Suite(.ownThreads) struct ProcessCommandRunnerTests {
  let runner = ProcessCommandRunner(path: "/usr/bin:/bin")

  @Test func capturesOutputErrorsAndTheExitStatus() async throws {
    let result = try await runner.run(.init(executable: "sh", arguments: ["-c", "echo out; echo err >&2; exit 3"]))
    #expect(result == CommandResult(exitCode: 3, standardOutput: "out\n", standardError: "err\n"))
  }

  @Test func secretsTravelOnStandardInputAndEnvironmentNotArguments() async throws {
    let request = CommandRequest(
      executable: "sh", arguments: ["-c", "read line; echo \"$line:$EXTRA\""],
      environment: ["EXTRA": "from-env"], standardInput: Array("from-stdin\n".utf8))
    let result = try await runner.run(request)
    #expect(result.standardOutput == "from-stdin:from-env\n")
  }

  @Test func programsStartWithTheGivenEnvironmentAndTheRequestsVariables() async throws {
    let runner = ProcessCommandRunner(path: "/usr/bin:/bin", environment: ["ONLY": "given"])
    let request = CommandRequest(
      executable: "sh", arguments: ["-c", "echo \"${ONLY-unset}:${EXTRA-unset}:${HOME-unset}\""], environment: ["EXTRA": "added"])
    #expect(try await runner.run(request).standardOutput == "given:added:unset\n")
    let plain = try await runner.run(.init(executable: "sh", arguments: ["-c", "echo \"${ONLY-unset}:${HOME-unset}\""]))
    #expect(plain.standardOutput == "given:unset\n")
  }

  @Test func largeOutputDoesNotDeadlock() async throws {
    let result = try await runner.run(.init(executable: "sh", arguments: ["-c", "head -c 1000000 /dev/zero | tr '\\0' x; head -c 200000 /dev/zero >&2"]))
    #expect(result.standardOutput.utf8.count == 1_000_000)
    #expect(result.standardError.utf8.count == 200_000)
  }

  @Test func aMissingProgramIsNotFound() async {
    await #expect(throws: CommandError.notFound(executable: "no-such-program-here")) {
      try await runner.run(.init(executable: "no-such-program-here", arguments: []))
    }
    await #expect(throws: CommandError.notFound(executable: "/nope/flyctl")) {
      try await runner.run(.init(executable: "/nope/flyctl", arguments: []))
    }
  }

  @Test func aProgramThatRunsTooLongIsStopped() async {
    await #expect(throws: CommandError.timedOut(executable: "sleep", after: .milliseconds(200))) {
      try await runner.run(.init(executable: "sleep", arguments: ["30"], timeout: .milliseconds(200)))
    }
  }

  /// Programs started from task threads (which block most signals) must still obey SIGTERM.
  @Test func programsStartWithNoSignalsBlocked() async throws {
    let result = try await runner.run(.init(executable: "sh", arguments: ["-c", "grep SigBlk /proc/self/status"]))
    #expect(result.standardOutput == "SigBlk:\t0000000000000000\n")
  }
}
