import Foundation
import LandfallFakes
import LandfallRigs
import LandfallModel
import LandfallTestSupport
import Testing

@Suite(.ownThreads) struct SandboxDataTests {
  @Test func phaseFourMovesTheSampleDatabaseBetweenLocalClustersInTheSandbox() async throws {
    guard LoopbackPostgresCluster.installedBinaries != nil else {
      Issue.record("PostgreSQL is not installed; scripts/install-deps.sh installs it")
      return
    }
    let database: [(String, JSONValue)] = [
      ("source_url", .string("{{secret:DATABASE_URL}}")), ("source_fly_app", .string("notes-demo-db")),
      ("target_url", .string("postgres://notes_demo:{{secret:VM_DATABASE_PASSWORD}}@127.0.0.1:5432/notes_demo")), ("target_on_vm", .bool(true)),
    ]
    let steps: [(String, JSONValue)] = [
      ("host_connect", .object([("address", .string("203.0.113.10")), ("keyPath", .string("/tmp/landfall-test-key"))])),
      ("fly_import_secrets", .object([("names", .strings(["DATABASE_URL"]))])),
      ("host_install_postgres", .object([("database", .string("notes_demo")), ("user", .string("notes_demo"))])),
      ("fly_freeze", .object([])),
      ("fly_status", .object([])),
      ("data_copy", .object(database + [("final", .bool(true))])),
      ("data_verify", .object(database)),
    ]
    let server = try LoopbackHTTPServer { _, number in
      guard number <= steps.count else { return ChatCommandTests.say("The data is on the VM and verified.") }
      let step = steps[number - 1]
      return ChatCommandTests.call(step.0, JSONWriter.string(step.1))
    }
    defer { server.stop() }
    let home = try CLI.temporaryDirectory()
    let env = ["XDG_DATA_HOME": home.path, "HOME": home.path, "LANDFALL_MODEL": "m"]
    let result = try await CLI.run(
      ["chat", "--once", "--phase", "4", "--sandbox", "--sandbox-state", home.path + "/box", "--allow-writes",
       "--host", "root@203.0.113.10", "--identity", "/tmp/landfall-test-key", "--llm-url", server.baseURL + "/v1"],
      environment: env, stdin: String(repeating: "y\n", count: 10))
    #expect(result.status == 0, "\(result.stderr)")
    let bodies = server.requests.map(\.body).joined(separator: "\n")
    #expect(bodies.contains("Fly is frozen"), "\(bodies)")
    #expect(bodies.contains("Copied 6 tables."), "\(result.stderr)")
    #expect(bodies.contains("match: 6 tables and 4 sequences are equal on both servers"), "\(result.stderr)")
    for (_, value) in SampleWorld.canaries {
      #expect(!bodies.contains(value) && !result.stderr.contains(value), "a secret value reached the model or the terminal")
    }
  }
}
