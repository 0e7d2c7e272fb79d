import Foundation
import LandfallModel
import LandfallTestSupport
import Testing

@Suite(.ownThreads) struct InventoryCommandTests {
  func examplePath(_ name: String) -> String {
    CLI.repository.appendingPathComponent("examples/\(name)").path
  }

  @Test func notesExampleThroughTheFakeFlyctlMatchesTheContract() async throws {
    let result = try await CLI.run(
      ["inventory", "--app-dir", examplePath("notes"), "--json"],
      environment: [
        "LANDFALL_FLYCTL": examplePath("notes") + "/fake-flyctl", "LANDFALL_BIN": CLI.binary.path,
      ])
    #expect(result.status == 0, "\(result.stderr)")
    let expected: JSONValue = .object([
      ("schemaVersion", .int(1)), ("app", .string("notes-demo")), ("configPath", .string("fly.toml")),
      ("primaryRegion", .string("iad")), ("regions", .strings(["iad"])), ("image", .null),
      ("dockerfile", .string("Dockerfile")),
      ("processGroups", .array([.object([("name", .string("app")), ("command", .null)])])),
      ("services", .array([.object([
        ("processes", .strings(["app"])), ("internalPort", .int(8080)), ("protocol", .string("tcp")),
        ("ports", .array([
          .object([("port", .int(80)), ("handlers", .strings(["http"]))]),
          .object([("port", .int(443)), ("handlers", .strings(["tls", "http"]))]),
        ])),
      ])])),
      ("mounts", .array([.object([
        ("source", .string("notes_data")), ("destination", .string("/data")), ("processes", .strings(["app"])),
      ])])),
      ("releaseCommand", .string("bin/notes migrate")),
      ("vm", .array([.object([
        ("processes", .strings(["app"])), ("size", .string("shared-cpu-1x")), ("cpus", .int(1)), ("memoryMb", .int(1024)),
      ])])),
      ("envNames", .strings(["PORT", "UPLOAD_DIR", "LOG_LEVEL"])),
      ("secretNames", .strings(["DATABASE_URL", "SESSION_SECRET"])),
      ("volumes", .array([.object([("name", .string("notes_data")), ("sizeGb", .int(3)), ("region", .string("iad"))])])),
      ("postgres", .object([
        ("attached", .bool(true)),
        ("evidence", .strings([
          "secret DATABASE_URL", "Postgres app notes-demo-db is named after this app",
          "Postgres app notes-demo-db has a user notes_demo (made by fly postgres attach)",
        ])),
      ])),
      ("dockerfileInfo", .object([
        ("expose", .array([.int(8080)])), ("cmd", .strings(["/app/bin/notes", "serve"])), ("entrypoint", .null),
        ("stages", .int(2)),
      ])),
      ("shape", .string("single")), ("target", .string("vm")), ("runtime", .string("docker")), ("warnings", .array([])),
    ])
    #expect(try JSONParser.parse(result.stdout) == expected)
    #expect(!result.stdout.contains("canary"))
  }

  @Test func webAndWorkerLandsOnOneVMWithComposeUnlessKubernetesIsAsked() async throws {
    let result = try await CLI.run(["inventory", "--app-dir", examplePath("chatterbox"), "--json"])
    #expect(result.status == 0)
    let json = try JSONParser.parse(result.stdout)
    #expect(json["shape"] == .string("multi"))
    #expect(json["target"] == .string("vm"))
    #expect(json["runtime"] == .string("compose"))
    let asked = try JSONParser.parse(try await CLI.run(["inventory", "--app-dir", examplePath("chatterbox"), "--json", "--target", "kubernetes"]).stdout)
    #expect(asked["target"] == .string("kubernetes"))
    #expect(asked["runtime"] == .string("kubernetes"))
    #expect(try await CLI.run(["inventory", "--app-dir", examplePath("chatterbox"), "--target", "mars"]).status == 2)
    #expect(json["processGroups"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["web", "worker"])
    #expect(json["dockerfileInfo"]?["entrypoint"] == .strings(["/rails/bin/docker-entrypoint"]))
    #expect(json["warnings"]?.arrayValue?.contains { $0.stringValue?.contains("flyctl not found") == true } == true)
  }

  @Test func imageOnlyLegacyServicesAreRead() async throws {
    let result = try await CLI.run(["inventory", "--app-dir", examplePath("legacy-relay"), "--json"])
    let json = try JSONParser.parse(result.stdout)
    #expect(json["dockerfile"] == .null)
    #expect(json["image"] == .string("ghcr.io/example/relay:2.4.1"))
    #expect(json["services"]?.arrayValue?.compactMap { $0["internalPort"]?.intValue } == [5000, 7000])
    #expect(json["services"]?.arrayValue?.last?["ports"] == .array([.object([("port", .int(7000)), ("handlers", .array([]))])]))
    #expect(json["processGroups"]?.arrayValue?.first?["command"] == .string("relay --listen 0.0.0.0:5000"))
  }

  @Test func theSummaryForAPersonNamesTheLandingAndTheSecrets() async throws {
    let result = try await CLI.run(
      ["inventory", "--app-dir", examplePath("notes")],
      environment: ["LANDFALL_FLYCTL": examplePath("notes") + "/fake-flyctl", "LANDFALL_BIN": CLI.binary.path])
    #expect(result.status == 0)
    #expect(result.stdout.contains("Lands on: one VM"))
    #expect(result.stdout.contains("Secrets to set on the server (names only): DATABASE_URL, SESSION_SECRET"))
    #expect(!result.stdout.contains("canary"))
  }

  @Test func noConfigIsExitTwoSayingWhereItLooked() async throws {
    let empty = try CLI.temporaryDirectory()
    let result = try await CLI.run(["inventory", "--app-dir", empty.path])
    #expect(result.status == 2)
    #expect(result.stderr.contains("looked for \(empty.path)/fly.toml"))
  }

  @Test func invalidTOMLIsExitTwoWithLineAndColumn() async throws {
    let directory = try CLI.temporaryDirectory()
    let config = directory.appendingPathComponent("fly.toml")
    try Data("app = \"x\"\nprimary_region = = 'iad'\n".utf8).write(to: config)
    let result = try await CLI.run(["inventory", "--config", config.path])
    #expect(result.status == 2)
    #expect(result.stderr.contains("\(config.path):2:"))
  }

  @Test func unknownOptionsAreUsageErrors() async throws {
    let result = try await CLI.run(["inventory", "--frobnicate"])
    #expect(result.status == 2)
    #expect(result.stderr.contains("Unknown option"))
  }

  @Test func binaryGarbageAsConfigNeverCrashes() async throws {
    let directory = try CLI.temporaryDirectory()
    var bytes = [UInt8](repeating: 0, count: 4096)
    for index in bytes.indices { bytes[index] = UInt8.random(in: 0...255) }
    try Data(bytes).write(to: directory.appendingPathComponent("fly.toml"))
    let result = try await CLI.run(["inventory", "--app-dir", directory.path])
    #expect(result.status == 2 || result.status == 0)
  }
}
