import LandfallCore
import LandfallFakes
import LandfallModel
import LandfallPolicy
import LandfallTools
import Testing

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
