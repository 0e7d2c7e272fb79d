import Foundation
import LandfallCore
import LandfallData
import LandfallFakes
import LandfallTestSupport
import LandfallTransport
import Testing

@Suite(.serialized, .ownThreads) struct DataCopyTests {
  @Test func aCopyMatchesEveryCountChecksumAndSequence() async throws {
    let pair = try PostgresPair()
    let progress = Box<[CopyProgress]>([])
    let result = try await pair.engine.copy(
      from: pair.source, to: pair.target, options: DataCopyOptions(jobs: 3, progressInterval: 0), progress: { report in progress.update { $0.append(report) } })
    #expect(result.complete)
    #expect(result.copied.map(\.name.description).sorted() == SampleDatabase.tables)
    #expect(result.problems.contains { $0.contains("extension citext") })
    #expect(result.problems.contains { $0.contains("extension pgcrypto") })
    let steps = progress.current.map(\.step)
    #expect(steps.first == "schema" && steps.last == "done")
    #expect(progress.current.last?.tablesDone == SampleDatabase.tables.count)
    #expect((progress.current.last?.bytes ?? 0) > 1_000_000)

    let report = try await pair.verifier.verify(from: pair.source, to: pair.target)
    #expect(report.match, "\(report.summary)")
    #expect(report.tables.map(\.name.description) == SampleDatabase.tables)
    #expect(report.tables.allSatisfy { $0.sourceChecksum?.count == 32 })
    let events = try #require(report.tables.first { $0.name.name == "events" })
    #expect(events.targetRows == 20_000)
    let shared = try #require(report.sequences.first { $0.name.name == "shared_ids" })
    #expect(shared.source == shared.target && shared.target == "2305")
    #expect(report.sequences.count == 4)

    let check = try pair.targetCluster.psql("app", """
      SELECT count(*) FROM pg_indexes WHERE schemaname IN ('public', 'billing');
      SELECT count(*) FROM pg_constraint WHERE contype = 'f';
      SELECT length(body) FROM documents WHERE id = (SELECT max(id) FROM documents);
      SELECT projects FROM project_counts WHERE email = 'user7@example.com';
      SELECT nextval('shared_ids');
      """)
    #expect(check.split(separator: "\n") == ["9", "4", "1120000", "3", "2306"])
  }

  @Test func aRowChangedOnTheSourceFailsVerificationNamingItsTable() async throws {
    let pair = try PostgresPair(eventRows: 2_000)
    _ = try await pair.engine.copy(from: pair.source, to: pair.target, options: DataCopyOptions(jobs: 2))
    try pair.sourceCluster.psql("app", "UPDATE accounts SET name = 'Zoe' WHERE id = 4")
    let report = try await pair.verifier.verify(from: pair.source, to: pair.target)
    #expect(!report.match)
    #expect(report.differences == ["public.accounts"])
    let accounts = try #require(report.tables.first { $0.name.name == "accounts" })
    #expect(accounts.sourceRows == accounts.targetRows)
    #expect(accounts.sourceChecksum != accounts.targetChecksum)

    try pair.sourceCluster.psql("app", "UPDATE accounts SET name = 'Zoë Ångström 4' WHERE id = 4; INSERT INTO events VALUES (NULL, NULL, NULL)")
    let again = try await pair.verifier.verify(from: pair.source, to: pair.target)
    #expect(again.differences == ["public.events"])
    #expect(again.summary.contains("table public.events: rows 2001 on the source, 2000 on the target"))
  }

  @Test func aTargetHoldingTablesIsRefusedUnlessReplacing() async throws {
    let pair = try PostgresPair(eventRows: 100)
    try pair.targetCluster.psql("app", "CREATE TABLE leftover (x int); INSERT INTO leftover VALUES (1)")
    await #expect {
      try await pair.engine.copy(from: pair.source, to: pair.target, options: DataCopyOptions())
    } throws: { error in
      String(describing: error).contains("already holds 1 tables (public.leftover)")
    }
    #expect(try pair.targetCluster.psql("app", "SELECT count(*) FROM leftover") == "1")

    let result = try await pair.engine.copy(from: pair.source, to: pair.target, options: DataCopyOptions(replace: true))
    #expect(result.complete)
    let report = try await pair.verifier.verify(from: pair.source, to: pair.target)
    #expect(report.match, "\(report.summary)")
    #expect(!report.tables.contains { $0.name.name == "leftover" })
  }

  @Test func aSessionDroppedMidTableIsCopiedAgainInTheSameRun() async throws {
    let pair = try PostgresPair(eventRows: 300_000)
    let dropped = Once()
    let result = try await pair.engine.copy(
      from: pair.source, to: pair.target, options: DataCopyOptions(jobs: 2, progressInterval: 0),
      progress: { report in
        if report.step == "data", report.bytes > 0, dropped.first() { _ = try? pair.dropTargetCopySessions() }
      })
    #expect(dropped.happened)
    #expect(result.complete)
    let report = try await pair.verifier.verify(from: pair.source, to: pair.target)
    #expect(report.match, "\(report.summary)")
  }

  @Test func anInterruptedCopyResumesWithTheTablesItHadNotFinished() async throws {
    let pair = try PostgresPair(eventRows: 300_000)
    let dropped = Once()
    let recorded = Box<[TableName]>([])
    let first = try await pair.engine.copy(
      from: pair.source, to: pair.target, options: DataCopyOptions(jobs: 1, attempts: 1, progressInterval: 0),
      progress: { report in
        if report.step == "data", report.bytes > 0, report.tablesDone == 0, dropped.first() { _ = try? pair.dropTargetCopySessions() }
      },
      tableCopied: { table in recorded.update { $0.append(table) } })
    #expect(!first.complete)
    #expect(first.failed.keys.map(\.description) == ["public.events"])
    #expect(first.problems.contains { $0.contains("table public.events was not copied") })
    #expect(Set(recorded.current) == Set(first.copied.map(\.name)))
    #expect(!recorded.current.contains(TableName(schema: "public", name: "events")))
    let halfway = try await pair.verifier.verify(from: pair.source, to: pair.target)
    #expect(!halfway.match)

    let second = try await pair.engine.copy(
      from: pair.source, to: pair.target, options: DataCopyOptions(jobs: 2, resumeAfter: Set(recorded.current)))
    #expect(second.complete)
    #expect(second.copied.map(\.name.description) == ["public.events"])
    let report = try await pair.verifier.verify(from: pair.source, to: pair.target)
    #expect(report.match, "\(report.summary)")
  }
}
