import Foundation
import LandfallFakes
import LandfallRigs
import LandfallModel
import LandfallTestSupport
import Testing

@Suite(.serialized, .ownThreads) struct DataCommandTests {
  @Test func copyAndVerifyPrintTheDocumentedJSONAndExitOneOnADifference() async throws {
    let source = try LoopbackPostgresCluster()
    let target = try LoopbackPostgresCluster()
    defer {
      source.stop()
      target.stop()
    }
    try source.createDatabase("app")
    try target.createDatabase("app")
    try source.psql("app", SampleDatabase.script(eventRows: 500))

    let copied = try await CLI.run(["data", "copy", "--from", source.url("app"), "--to", target.url("app"), "--jobs", "2", "--json"])
    #expect(copied.status == 0, "\(copied.stderr)")
    let report = try JSONParser.parse(copied.stdout)
    #expect(report.objectValue?.map(\.key) == ["match", "seconds", "bytes", "tables", "sequences", "problems"])
    #expect(report["match"]?.boolValue == true)
    let first = try #require(report["tables"]?.arrayValue?.first)
    #expect(first.objectValue?.map(\.key) == ["schema", "name", "sourceRows", "targetRows", "sourceChecksum", "targetChecksum", "match"])
    #expect(report["tables"]?.arrayValue?.count == SampleDatabase.tables.count)
    #expect(report["sequences"]?.arrayValue?.first?.objectValue?.map(\.key) == ["name", "source", "target", "match"])

    let again = try await CLI.run(["data", "copy", "--from", source.url("app"), "--to", target.url("app")])
    #expect(again.status == 1)
    #expect(again.stderr.contains("--replace"))

    try source.psql("app", "DELETE FROM events WHERE ctid = (SELECT min(ctid) FROM events)")
    let verified = try await CLI.run(["data", "verify", "--from", source.url("app"), "--to", target.url("app"), "--json"])
    #expect(verified.status == 1)
    let differing = try JSONParser.parse(verified.stdout)["tables"]?.arrayValue?.filter { $0["match"]?.boolValue == false }
    #expect(differing?.map { $0["name"]?.stringValue } == ["events"])
    #expect(differing?.first?["sourceRows"]?.intValue == 499)

    let text = try await CLI.run(["data", "verify", "--from", source.url("app"), "--to", target.url("app")])
    #expect(text.status == 1)
    #expect(text.stdout.contains("table public.events: rows 499 on the source, 500 on the target"))
  }

  @Test func anUnreachableServerExitsThreeNamingItWithoutThePassword() async throws {
    let port = try LoopbackSSHServer.freePort()
    let result = try await CLI.run([
      "data", "verify", "--from", "postgres://app:Sup3rS3cret%21@127.0.0.1:\(port)/app", "--to", "postgres://app@127.0.0.1:\(port)/other",
    ])
    #expect(result.status == 3)
    #expect(result.stderr.contains("127.0.0.1:\(port)"))
    #expect(!result.stderr.contains("Sup3rS3cret"))
    #expect(!result.stdout.contains("Sup3rS3cret"))
  }

  @Test func aMalformedURLIsAUsageError() async throws {
    let result = try await CLI.run(["data", "copy", "--from", "mysql://x@y/z", "--to", "postgres://a@b/c"])
    #expect(result.status == 2)
    #expect(result.stderr.contains("postgres://"))
  }
}
