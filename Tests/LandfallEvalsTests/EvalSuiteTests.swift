import Foundation
import LandfallEvals
import LandfallModel
import Testing

@Suite struct EvalSuiteTests {
  static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  @Test func everyScenarioPassesAndEveryMutantIsCaught() async throws {
    let scenarios = try EvalSuite.load([Self.repository.appendingPathComponent("evals").path])
    #expect(scenarios.count >= 7)
    let suite = EvalSuite(examplesDirectory: Self.repository.appendingPathComponent("examples").path)
    for scenario in scenarios {
      let result = await suite.evaluate(scenario)
      #expect(result.violations.isEmpty, "\(scenario.id): \(result.violations)")
      #expect(result.mutantsCaught.count == 4, "\(scenario.id)")
      #expect(result.mutantsCaught.values.allSatisfy { $0 }, "\(scenario.id): \(result.mutantsCaught)")
    }
  }

  @Test func aScenarioWhoseExpectationIsWrongFails() async throws {
    let text = #"{"id": "wrong", "app": "notes", "turns": [{"phase": 1, "message": "x", "model": [{"say": "ok"}]}], "expect": {"vms": 3, "ran": ["create_vm"]}}"#
    let scenario = try Scenario(json: try JSONParser.parse(text), path: "wrong.json")
    let result = await EvalSuite(examplesDirectory: Self.repository.appendingPathComponent("examples").path).evaluate(scenario)
    #expect(!result.passed)
    #expect(result.violations == ["expected 3 VM(s) in the cloud, found 0", "expected create_vm to run"])
    let json = EvalSuite.json([result])
    #expect(json["failed"] == .int(1))
    #expect(EvalSuite.junit([result]).contains("<failure"))
  }
}
