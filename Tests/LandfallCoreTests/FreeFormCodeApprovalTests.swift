import LandfallCore
import LandfallModel
import LandfallPolicy
import Testing

/// A command the model wrote can read the app's secrets on the server and print them in a form
/// no redactor recognises, so only a person approves one: `--yes` answers routine writes only.
@Suite struct FreeFormCodeApprovalTests {
  @Test func withYesARawWriteIsStillPutToThePersonAndARoutineWriteIsNot() async throws {
    let fixture = await RunnerFixture(permissions: SessionPermissions(allowWrites: true, assumeYes: true), approvals: [])
    let raw = try await fixture.call("host_exec", .object([("command", .string("sudo od -c /srv/app/app.en?"))]))
    #expect(raw.decision == .denied && raw.result == "the person declined host_exec", "\(raw.result)")
    let asked = try #require(await fixture.approver.requests.first)
    #expect(asked.kind == .explicit)
    #expect(asked.reasons.joined().contains("--yes does not answer this"))
    #expect(await fixture.tools["host_exec"]?.received.isEmpty == true)

    let routine = try await fixture.call("fly_scale", .object([("count", .int(0))]))
    #expect(routine.decision == .approved, "\(routine.result)")
    #expect(await fixture.approver.requests.count == 1, "--yes answered the routine write without asking")
  }
}
