import LandfallCore
import LandfallFakes
import LandfallModel
import LandfallPolicy
import LandfallTools
import Testing

/// A raw `host_exec` write that ran may have changed the data, the app or its release in a way
/// its text does not show, so it is observed as a change to the server and the checks that came
/// before it count no more.
@Suite struct RawWriteResetTests {
  private func run(_ command: String) async throws -> ToolOutput {
    let connection = HostConnection(connector: FakeHostConnector(host: FakeHost()), target: SSHTarget(host: "vm", user: "cloud", identityFile: nil))
    return try await HostExecTool(connection: connection).run(.object([("command", .string(command))]), context: ToolContext(vault: SecretVault()))
  }

  /// A state in which the data was copied, verified, released and health-checked, and the VM's
  /// address is known: DNS may move and the app may start.
  private func verified() -> MigrationInvariants {
    var state = MigrationInvariants(app: AppProfile(keepsData: true, hasReleaseCommand: true))
    for fact: MigrationFact in [
      .vmAddress("203.0.113.10"), .flyObservedAtZero, .finalDumpTaken, .restoreCompleted, .rowCountsCompared(match: true),
      .releaseCommandRan(succeeded: true), .healthCheck(passed: true),
    ] {
      state.observe(fact)
    }
    return state
  }

  @Test func everyRawWriteThatRanIsObservedAsAChangeToTheServer() async throws {
    for command in ["systemctl restart nginx", "sh /srv/fix.sh", "D=docker; $D run -d app", "echo ok > /tmp/x", "cat a | sort -o b"] {
      #expect(try await run(command).facts == [.serverChanged], "\(command)")
    }
    #expect(try await run("pg_restore -d notes /srv/landfall/final.dump").facts == [.restoreCompleted])
    for command in ["df -h", "docker ps -a", "cat /etc/os-release"] {
      #expect(try await run(command).facts.isEmpty, "a read-only inspection changes nothing: \(command)")
    }
  }

  @Test func aRawWriteAfterVerificationMakesDNSAndTheStartWaitForTheChecksAgain() async throws {
    var state = verified()
    #expect(state.verdict(for: .pointDNS(to: "203.0.113.10")).decision == .allow)
    #expect(state.verdict(for: .startApp(runsReleaseFirst: false)).decision == .allow)
    #expect(state.verdict(for: .changesServer).decision == .allow)

    for fact in try await run("sh /srv/restore-old-backup.sh").facts { state.observe(fact) }
    let dns = state.verdict(for: .pointDNS(to: "203.0.113.10"))
    #expect(dns.decision == .deny)
    #expect(dns.reasons.joined().contains("row counts matching since the last restore"))
    #expect(dns.reasons.joined().contains("a passing health check"))
    #expect(state.verdict(for: .startApp(runsReleaseFirst: false)).decision == .deny)
    #expect(state.verdict(for: .changesServer).reasons.joined().contains("raw change"))

    for fact: MigrationFact in [.rowCountsCompared(match: true), .releaseCommandRan(succeeded: true), .healthCheck(passed: true)] {
      state.observe(fact)
    }
    #expect(state.verdict(for: .pointDNS(to: "203.0.113.10")).decision == .allow)
    #expect(state.verdict(for: .startApp(runsReleaseFirst: false)).decision == .allow)
  }

  @Test func theLedgerForgetsTheVerificationARawWriteMayHaveUndone() {
    func observed(_ fact: MigrationFact, _ seq: Int) -> TranscriptEvent {
      TranscriptEvent(seq: seq, at: "2026-12-01T10:00:0\(seq)Z", kind: .stateChange, fields: [("fact", .string(fact.name))])
    }
    var ledger = MigrationLedger(events: [observed(.rowCountsCompared(match: true), 1), observed(.healthCheck(passed: true), 2)])
    #expect(ledger.verified?.match == true && ledger.healthy?.passed == true)
    ledger.apply(observed(.serverChanged, 3))
    #expect(ledger.verified == nil && ledger.healthy == nil)
  }
}
