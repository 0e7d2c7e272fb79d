import Foundation
import LandfallEvals
import LandfallModel
import LandfallTestSupport
import Testing

@Suite(.ownThreads) struct ScenarioLoadingTests {
  func folder(_ files: [String: String]) throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("landfall-scenarios-\(UUID().uuidString)")
    for (name, text) in files {
      let file = directory.appendingPathComponent(name)
      try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(text.utf8).write(to: file)
    }
    return directory.path
  }

  @Test func aScenarioThatIsNotJSONNamesItsFileLineAndColumn() throws {
    let root = try folder(["a/scenario.json": "{\n  \"id\": \"a\",\n  \"turns\": [1 2]\n}\n"])
    defer { try? FileManager.default.removeItem(atPath: root) }
    #expect(throws: InputError("invalid JSON: expected ',' or ']' in an array", source: "\(root)/a/scenario.json", line: 3, column: 15)) {
      try EvalSuite.load([root])
    }
  }

  @Test func aScenarioMissingAFieldNamesItsFile() throws {
    let root = try folder(["b/scenario.json": #"{"id": "b", "turns": [{"phase": 9}]}"#])
    defer { try? FileManager.default.removeItem(atPath: root) }
    #expect(throws: InputError("turns[0].phase must be 1-7", source: "\(root)/b/scenario.json")) { try EvalSuite.load([root]) }
    #expect(throws: InputError("no such file or folder", source: "\(root)/nothing")) { try EvalSuite.load(["\(root)/nothing"]) }
  }

  @Test func aRecordingThatCannotBeReadFailsNamingItsLine() async {
    let suite = EvalSuite(examplesDirectory: "/nonexistent")
    let result = await suite.replay("{\"seq\":1,\"at\":\"t\",\"kind\":\"user_message\"}\ngarbage\n", name: "r.jsonl", scenarios: [])
    #expect(!result.passed)
    #expect(result.violations == ["r.jsonl:2:1: invalid JSON: unexpected character"])
  }
}
