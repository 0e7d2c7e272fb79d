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

/// A container given a command of the model's writing is a raw write: it runs with the env file.
@Suite struct ContainerCommandTests {
  @Test func aContainerWithACommandChangesTheServerAndOneWithoutDoesNot() {
    let connection = HostConnection(connector: FakeHostConnector(host: FakeHost()), target: nil)
    let tool = HostPlaybooks.runContainer(connection)
    let plain: JSONValue = .object([("name", .string("app")), ("image", .string("notes:1")), ("ports", .array([.int(8080)]))])
    #expect(!tool.action(for: plain).parts.contains(.changesServer))
    let probing = plain.setting("command", to: .string("env | od -c"))
    #expect(tool.action(for: probing).parts.contains(.changesServer))
    #expect(tool.action(for: probing.setting("start", to: .bool(true))).parts.contains(.startApp(runsReleaseFirst: false)))
  }
}

/// A container's command is a raw command too: the ordering rules read it, and having run it
/// counts as a change to the server.
@Suite struct ContainerCommandOrderingTests {
  @Test func aRestoreInAContainerCommandWaitsForTheFreezeAndResetsTheChecks() async throws {
    let bench = ReleaseCommandTests.Bench(example: "notes")
    let tool = try #require(bench.tools["host_run_container"])
    let restoring: JSONValue = .object([
      ("name", .string("loader")), ("image", .string("notes:1")), ("ports", .array([])), ("command", .string("pg_restore -d notes /data/old.dump")),
    ])
    #expect(tool.action(for: restoring).parts.contains(.finalDump))
    #expect(MigrationInvariants().verdict(for: tool.action(for: restoring)).decision == .deny, "before the freeze")
    let reading = restoring.setting("command", to: .string("cat /srv/landfall/app.env"))
    #expect(tool.action(for: reading).parts.contains(.readEnvFile))
    _ = try await bench.run("host_install_docker", .object([]))
    let ran = try await bench.run("host_run_container", restoring)
    #expect(ran.facts == [.restoreCompleted], "\(ran.text)")
    let other = try await bench.run("host_run_container", restoring.setting("command", to: .string("sh /srv/fix.sh")))
    #expect(other.facts == [.serverChanged], "\(other.text)")
  }
}

/// A new env file changes what the app runs against, so the checks that came before it count no
/// more.
@Suite struct EnvFileResetTests {
  @Test func writingTheEnvFileIsAChangeToTheServer() async throws {
    let bench = ReleaseCommandTests.Bench(example: "notes")
    let written = try await bench.run("host_write_env_file", .object([("values", .object([("DATABASE_URL", .string("postgres://x@203.0.113.99/db"))]))]))
    #expect(!written.isError && written.facts == [.serverChanged], "\(written.text)")
  }
}
