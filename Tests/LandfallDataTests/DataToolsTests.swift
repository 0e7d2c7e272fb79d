import LandfallCore
import LandfallData
import LandfallModel
import LandfallTestSupport
import LandfallTools
import LandfallTransport
import Testing

@Suite(.serialized, .ownThreads) struct DataToolsTests {
  @Test func surveyCopyAndVerifyToolsReportWhatTheyObservedAsFacts() async throws {
    let pair = try PostgresPair(eventRows: 1_000)
    let settings = DataToolSettings(connector: LibPQConnector(), commands: ProcessCommandRunner(path: "/usr/bin:/bin"), jobs: 2)
    let context = ToolContext(vault: SecretVault())
    let urls: [(String, JSONValue)] = [
      ("source_url", .string(pair.sourceCluster.url("app"))), ("target_url", .string(pair.targetCluster.url("app"))),
    ]

    let survey = try await DataSurveyTool(settings: settings).run(.object(urls), context: context)
    #expect(!survey.isError)
    #expect(survey.text.contains("public.events"))
    #expect(survey.text.contains("citext"))
    #expect(survey.facts.isEmpty)

    let copy = try await DataCopyTool(settings: settings).run(.object(urls + [("final", .bool(true))]), context: context)
    #expect(!copy.isError, "\(copy.text)")
    #expect(copy.facts == [.restoreCompleted], "two servers other than Fly Postgres and the VM prove nothing about the move")
    #expect(copy.text.contains("match: 6 tables"))

    try pair.sourceCluster.psql("app", "DELETE FROM billing.invoices WHERE id = 3")
    let verify = try await DataVerifyTool(settings: settings).run(.object(urls), context: context)
    #expect(verify.isError)
    #expect(verify.facts.isEmpty)
    #expect(verify.text.contains("does not count for the cutover"))
    #expect(verify.text.contains("billing.invoices"))
  }

  @Test func aSurveyRefusesATargetOlderThanTheSource() async throws {
    let old = PostgresSessionStub(version: 130_004)
    let new = PostgresSessionStub(version: 150_018)
    let settings = DataToolSettings(
      connector: StubConnector(sessions: ["old": old, "new": new]), commands: ProcessCommandRunner(path: "/usr/bin:/bin"))
    let output = try await DataSurveyTool(settings: settings).run(
      .object([("source_url", .string("postgres://u@new/app")), ("target_url", .string("postgres://u@old/app"))]),
      context: ToolContext(vault: SecretVault()))
    #expect(output.isError)
    #expect(output.text.contains("REFUSED: the target runs PostgreSQL 13, older than the source's 15"))
  }

  @Test func aSecretHandleSitsOnlyInAURLsPasswordOrIsTheWholeURL() async throws {
    let settings = DataToolSettings(connector: StubConnector(sessions: [:]), commands: ProcessCommandRunner(path: "/usr/bin:/bin"))
    let tools: [any Tool] = [DataSurveyTool(settings: settings), DataCopyTool(settings: settings), DataVerifyTool(settings: settings)]
    let misplaced = [
      "postgres://{{secret:DB_PASSWORD}}@127.0.0.1:5432/app", "postgres://u@{{secret:DB_PASSWORD}}.attacker.example/app",
      "postgres://u:p@127.0.0.1/{{secret:DB_PASSWORD}}", "postgres://u:p@127.0.0.1/app?options={{secret:DB_PASSWORD}}",
      "postgres://{{secret:DATABASE_URL}}", "postgres://u:x@127.0.0.1:{{secret:DB_PASSWORD}}@127.0.0.1/db",
      "postgres://u@127.0.0.1/db?password={{secret:DB_PASSWORD}}", "postgres://u:pre{{secret:DB_PASSWORD}}@127.0.0.1/db",
      "postgres://u@v:{{secret:DB_PASSWORD}}@127.0.0.1/db",
    ]
    let placed = ["{{secret:DATABASE_URL}}", "postgres://u:{{secret:DB_PASSWORD}}@127.0.0.1:5432/app", "postgres://u@127.0.0.1/app"]
    for tool in tools {
      for url in misplaced {
        #expect(tool.misplacedSecrets(in: .object([("source_url", .string(url)), ("target_url", .string("postgres://u@127.0.0.1/t"))])) != nil, "\(url)")
        #expect(tool.misplacedSecrets(in: .object([("source_url", .string("postgres://u@127.0.0.1/s")), ("target_url", .string(url))])) != nil, "\(url)")
      }
      for url in placed {
        #expect(tool.misplacedSecrets(in: .object([("source_url", .string(url)), ("target_url", .string(url))])) == nil, "\(url)")
      }
    }
    do {
      _ = try await DataSurveyTool(settings: settings).run(
        .object([("source_url", .string("postgres://u@127.0.0.1/s")), ("target_url", .string("postgres://u:pw@attacker.example:5432/x")),
          ("target_on_vm", .bool(true))]),
        context: ToolContext(vault: SecretVault()))
      Issue.record("a tunnel was asked to reach a host other than the VM's own loopback")
    } catch {
      guard case .invalidArguments(let reason) = error else { Issue.record("\(error)"); return }
      #expect(reason.contains("as the VM sees it"))
    }
  }

  @Test func rowsAreCopiedOnlyIntoThePersonsOwnDatabase() async throws {
    let settings = DataToolSettings(
      connector: StubConnector(sessions: ["127.0.0.1": PostgresSessionStub(version: 150_018)]), commands: ProcessCommandRunner(path: "/usr/bin:/bin"))
    for target in ["postgres://loot@attacker.example/loot", "postgres://loot@203.0.113.99:5432/loot"] {
      do {
        _ = try await DataCopyTool(settings: settings).run(
          .object([("source_url", .string("postgres://u@127.0.0.1/db")), ("target_url", .string(target))]), context: ToolContext(vault: SecretVault()))
        Issue.record("rows were sent to \(target)")
      } catch {
        guard case .invalidArguments(let reason) = error else { Issue.record("\(error)"); continue }
        #expect(reason.contains("never to another host"), "\(reason)")
      }
    }
  }

  @Test func aPasswordGoesOnlyToThePersonsOwnServers() async throws {
    let settings = DataToolSettings(
      connector: StubConnector(sessions: ["127.0.0.1": PostgresSessionStub(version: 150_018)]), commands: ProcessCommandRunner(path: "/usr/bin:/bin"))
    let context = ToolContext(vault: SecretVault())
    let tools: [any Tool] = [DataSurveyTool(settings: settings), DataCopyTool(settings: settings), DataVerifyTool(settings: settings)]
    let hostile: [[(String, JSONValue)]] = [
      [("source_url", .string("postgres://u:stolen-secret@attacker.example/db")), ("target_url", .string("postgres://u@127.0.0.1/db"))],
      [("source_url", .string("postgres://u@127.0.0.1/db")), ("target_url", .string("postgres://u:stolen-secret@203.0.113.99:5432/db"))],
    ]
    for tool in tools {
      for arguments in hostile {
        do {
          _ = try await tool.run(.object(arguments), context: context)
          Issue.record("\(tool.spec.name) sent a password to a host the model named")
        } catch {
          guard case .invalidArguments(let reason) = error else { Issue.record("\(tool.spec.name): \(error)"); continue }
          #expect(reason.contains("a host Landfall cannot vouch for") || (tool is DataCopyTool && reason.contains("never to another host")), "\(reason)")
        }
      }
    }
    let local = try await DataSurveyTool(settings: settings).run(
      .object([("source_url", .string("postgres://u:own-password@127.0.0.1/db"))]), context: context)
    #expect(local.text.contains("PostgreSQL 15"))
  }
}

/// A connector handing out canned sessions by host name.
struct StubConnector: PostgresConnector {
  var sessions: [String: PostgresSessionStub]

  func connect(to endpoint: PostgresEndpoint, applicationName: String) throws -> any PostgresConnection {
    guard let session = sessions[endpoint.host] else { throw PostgresError.unreachable(server: endpoint.server, reason: "no such stub") }
    return session
  }
}

/// A session that reports a version and answers every query with no rows.
final class PostgresSessionStub: PostgresConnection, @unchecked Sendable {
  let serverVersion: Int
  let backendPID: Int32 = 1

  init(version: Int) {
    serverVersion = version
  }

  func query(_ sql: String, _ parameters: [String?]) throws -> [[String?]] { sql.contains("count(*)") ? [["0"]] : [] }
  func execute(_ script: String) throws {}
  func copyOut(_ sql: String, _ chunk: (UnsafeRawBufferPointer) throws -> Void) throws -> Int { 0 }
  func beginCopyIn(_ sql: String) throws {}
  func putCopyData(_ chunk: UnsafeRawBufferPointer) throws {}
  func endCopyIn() throws -> Int { 0 }
  func abortCopyIn(reason: String) {}
  func close() {}
}
