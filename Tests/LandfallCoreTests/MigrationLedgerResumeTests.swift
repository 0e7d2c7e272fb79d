import Foundation
import LandfallCore
import LandfallModel
import LandfallPolicy
import LandfallTestSupport
import Testing

@Suite(.ownThreads) struct MigrationLedgerResumeTests {
  @Test func aResumedRunnerHoldsTheLedgerItsEventsFoldTo() async throws {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("transcripts/full-flow.jsonl")
    let events = try TranscriptEvent.parse(jsonl: String(contentsOf: path, encoding: .utf8))
    for cut in [events.count / 3, events.count / 2, events.count] {
      let runner = ToolRunner(
        registry: ToolRegistry(), configuration: .init(permissions: SessionPermissions(allowWrites: true)), approver: RefusingApprover(),
        vault: SecretVault(), log: DiscardingLog())
      await runner.restore(from: Array(events[..<cut]))
      #expect(await runner.migration == MigrationLedger(events: Array(events[..<cut])))
    }
    let whole = MigrationLedger(events: events)
    #expect(whole.finalCopyAt != nil && whole.frozenAt != nil && whole.verified?.match == true)
    #expect(whole.committedMonthlyUSD == 39.42)
  }
}

private struct RefusingApprover: Approver {
  func approve(_ request: ApprovalRequest) async -> Bool { false }
}

private struct DiscardingLog: EventLog {
  func append(_ kind: EventKind, _ fields: [(key: String, value: JSONValue)]) async throws(EventLogError) -> TranscriptEvent {
    TranscriptEvent(seq: 0, at: "", kind: kind, fields: fields)
  }
}
