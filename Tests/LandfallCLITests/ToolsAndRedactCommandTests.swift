import Foundation
import LandfallFakes
import LandfallModel
import LandfallTestSupport
import Testing

@Suite(.ownThreads) struct ToolsAndRedactCommandTests {
  func environment() throws -> [String: String] {
    let home = try CLI.temporaryDirectory()
    return ["XDG_DATA_HOME": home.path, "HOME": home.path]
  }

  @Test func toolsListPrintsTheContractFields() async throws {
    let result = try await CLI.run(["tools", "list", "--json", "--sandbox"], environment: try environment())
    #expect(result.status == 0, "\(result.stderr)")
    let tools = try JSONParser.parse(result.stdout).arrayValue ?? []
    #expect(tools.first?.objectValue?.map(\.key) == ["name", "description", "effect", "billable", "inputSchema", "source"])
    let scale = tools.first { $0["name"] == .string("fly_scale") }
    #expect(scale?["effect"] == .string("write"))
    #expect(scale?["source"] == .string("builtin"))
  }

  @Test func aWriteWithoutTheFlagIsDeniedWithExitOne() async throws {
    let result = try await CLI.run(["tools", "call", "fly_scale", #"{"count": 0}"#, "--sandbox"], environment: try environment())
    #expect(result.status == 1)
    let json = try JSONParser.parse(result.stdout)
    #expect(json["decision"] == .string("denied"))
    #expect(json["ok"] == .bool(false))
  }

  @Test func importedSecretsNeverReachTheOutputOrTheTranscript() async throws {
    let env = try environment()
    let call = try await CLI.run(
      ["tools", "call", "fly_import_secrets", #"{"names": ["DATABASE_URL", "SESSION_SECRET"]}"#, "--sandbox", "--allow-writes", "--phase", "3"],
      environment: env, stdin: "y\n")
    #expect(call.status == 0, "\(call.stderr)")
    #expect(try JSONParser.parse(call.stdout)["decision"] == .string("approved"))
    let sessions = try await CLI.run(["transcripts", "list"], environment: env)
    let id = String(sessions.stdout.split(separator: "\n").last?.split(separator: "\t").first ?? "")
    let export = try await CLI.run(["transcripts", "export", id], environment: env)
    #expect(export.status == 0)
    #expect(export.stdout.contains("\"kind\":\"approval\""))
    for canary in SampleWorld.canaries {
      #expect(!call.stdout.contains(canary.value))
      #expect(!call.stderr.contains(canary.value))
      #expect(!export.stdout.contains(canary.value))
    }
    let kept = (env["XDG_DATA_HOME"] ?? "") + "/landfall/vaults"
    #expect(!FileManager.default.fileExists(atPath: kept), "a one-off tools call keeps no secrets on disk")
  }

  @Test func badArgumentsAndBadPolicyFilesAreUsageErrors() async throws {
    let env = try environment()
    #expect(try await CLI.run(["tools", "call", "fly_status", "{not json"], environment: env).status == 2)
    #expect(try await CLI.run(["tools", "call", "fly_status", "[]"], environment: env).status == 2)
    let directory = try CLI.temporaryDirectory()
    let policy = directory.appendingPathComponent("policy.toml")
    try Data("[[rule]]\ntool = \"x\"\ndecision = \"maybe\"\n".utf8).write(to: policy)
    let result = try await CLI.run(["tools", "call", "fly_status", "--policy", policy.path], environment: env)
    #expect(result.status == 2)
    #expect(result.stderr.contains("\(policy.path):1:"))
  }

  @Test func badInputFilesNameTheFileAndLine() async throws {
    let env = try environment()
    let arguments = try await CLI.run(["tools", "call", "fly_status", #"{"app" "x"}"#], environment: env)
    #expect(arguments.status == 2)
    #expect(arguments.stderr.contains("arguments:1:8: invalid JSON"), "\(arguments.stderr)")
    let directory = try CLI.temporaryDirectory()
    let secrets = directory.appendingPathComponent("secrets.env")
    try Data("API_KEY=abcDEF123456ghiJKL\nhunter2+pw/ZXhhbXBsZQ==\n".utf8).write(to: secrets)
    let redact = try await CLI.run(["redact", "--secrets-file", secrets.path], stdin: "x\n")
    #expect(redact.status == 2)
    #expect(redact.stderr.contains("\(secrets.path):2:8: "), "\(redact.stderr)")
    #expect(!redact.stderr.contains("hunter2") && !redact.stderr.contains("ZXhh") && !redact.stderr.contains("abcDEF"))
    let transcript = directory.appendingPathComponent("t.jsonl")
    try Data("{\"seq\":1,\"at\":\"t\",\"kind\":\"user_message\"}\n{\"seq\":2,\n".utf8).write(to: transcript)
    let imported = try await CLI.run(["transcripts", "import", transcript.path], environment: env)
    #expect(imported.status == 2)
    #expect(imported.stderr.contains("\(transcript.path):2:10: invalid JSON"), "\(imported.stderr)")
  }

  @Test func redactFiltersStandardInputWithTheSecretsFile() async throws {
    let directory = try CLI.temporaryDirectory()
    let secrets = directory.appendingPathComponent("secrets.env")
    try Data("API_KEY=abcDEF123456ghiJKL\n".utf8).write(to: secrets)
    let input = "key abcDEF123456ghiJKL and YWJjREVGMTIzNDU2Z2hpSktM and plain words\n"
    let result = try await CLI.run(["redact", "--secrets-file", secrets.path], stdin: input)
    #expect(result.status == 0)
    #expect(result.stdout == "key [redacted:API_KEY] and [redacted:API_KEY] and plain words\n")
  }

  @Test func transcriptsSurviveExportImportExport() async throws {
    let env = try environment()
    _ = try await CLI.run(["tools", "call", "fly_status", "--sandbox"], environment: env)
    let id = String(try await CLI.run(["transcripts", "list"], environment: env).stdout.split(separator: "\t").first ?? "")
    let first = try await CLI.run(["transcripts", "export", id], environment: env).stdout
    let file = try CLI.temporaryDirectory().appendingPathComponent("t.jsonl")
    try Data(first.utf8).write(to: file)
    let imported = try await CLI.run(["transcripts", "import", file.path], environment: env)
    #expect(imported.status == 0)
    let second = try await CLI.run(["transcripts", "export", imported.stdout.trimmingCharacters(in: .whitespacesAndNewlines)], environment: env)
    #expect(second.stdout == first)
    #expect(!first.isEmpty)
  }

  @Test func theExampleFlyWorldIsTheSandboxWorld() async throws {
    let example = try FakeFlyStateFile(path: CLI.repository.appendingPathComponent("examples/notes/fly-state.json").path).load()
    #expect(example == SampleWorld.flyState)
    for file in SampleWorld.appFiles {
      let onDisk = try String(contentsOf: CLI.repository.appendingPathComponent("examples/notes/\(file.path)"), encoding: .utf8)
      #expect(onDisk == file.text)
    }
  }
}

@Suite(.ownThreads) struct DatabaseErrorTests {
  @Test func aDatabaseThatCannotBeOpenedStopsBeforeAnyToolRuns() async throws {
    let directory = try CLI.temporaryDirectory()
    let blocker = directory.appendingPathComponent("not-a-dir")
    try Data("x".utf8).write(to: blocker)
    let result = try await CLI.run(
      ["tools", "call", "fly_status", "--sandbox", "--db", blocker.path + "/landfall.db"],
      environment: ["XDG_DATA_HOME": directory.path])
    #expect(result.status == 2)
    #expect(result.stderr.contains("transcript database"))
    #expect(result.stdout.isEmpty)
  }
}
