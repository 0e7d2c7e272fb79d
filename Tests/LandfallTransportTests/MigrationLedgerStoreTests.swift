import Foundation
import LandfallCore
import LandfallModel
import LandfallTestSupport
import LandfallTranscript
import Testing

@Suite(.ownThreads) struct MigrationLedgerStoreTests {
  static func fullFlow() throws -> [TranscriptEvent] {
    let path = TranscriptStoreRobustnessTests.repository.appendingPathComponent("transcripts/full-flow.jsonl")
    return try TranscriptEvent.parse(jsonl: String(contentsOf: path, encoding: .utf8))
  }

  @Test func theLedgerIsWrittenWithEveryEventThatChangesItAndReadsBackAfterAReopen() async throws {
    let events = try Self.fullFlow()
    let path = try TranscriptStoreRobustnessTests.scratch()
    do {
      let store = try await SQLiteTranscriptStore(path: path, now: TranscriptStoreRobustnessTests.clock)
      try await store.startSession(id: "s", title: "full flow")
      for (index, event) in events.enumerated() {
        _ = try await store.append(session: "s", kind: event.kind, fields: event.fields)
        let stored = try await store.storedLedger(session: "s")
        let expected = MigrationLedger(events: try await store.events(session: "s"))
        let same = (stored ?? MigrationLedger().json) == expected.json
        #expect(same, "after event \(index + 1) (\(event.kind.rawValue))")
      }
    }
    let reopened = try await SQLiteTranscriptStore(path: path, now: TranscriptStoreRobustnessTests.clock)
    let ledger = try await reopened.ledger(session: "s")
    #expect(try await reopened.storedLedger(session: "s") == ledger.json)
    #expect(ledger.resources.contains { $0.tool == "create_vm" && $0.name == "notes-demo-vm" && $0.monthlyUSD == 39.42 })
    #expect(ledger.keyPaths == ["/home/owner/.ssh/landfall-notes-deploy"])
    #expect(ledger.verified?.match == true)
    #expect(ledger.dnsPointsAt == "203.0.113.10")
    #expect(ledger.cutoverConfirmed)
    #expect(ledger.summary.contains("Created: create_vm notes-demo-vm"))
  }
}
