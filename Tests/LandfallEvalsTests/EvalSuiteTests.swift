import Foundation
import LandfallEvals
import LandfallModel
import LandfallTestSupport
import Testing

@Suite(.ownThreads) struct EvalSuiteTests {
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

  @Test func theTranscriptDatabaseBytesAreSearchedForCanaries() async throws {
    let scenario = try #require(try EvalSuite.load([Self.repository.appendingPathComponent("evals/full-flow").path]).first)
    let run = await EvalRunner(examplesDirectory: Self.repository.appendingPathComponent("examples").path).run(scenario)
    #expect(run.storedBytes.count > 4_096)
    #expect(String(decoding: run.storedBytes, as: UTF8.self).contains("SQLite format 3"))
    #expect(Graders.noCanaryLeak(run).isEmpty)
    var leaked = run
    let canary = try #require(run.canaries.last)
    leaked.storedBytes += Array(canary.utf8.map { String(format: "%02x", $0) }.joined().utf8)
    #expect(Graders.noCanaryLeak(leaked) == ["the transcript database's bytes carry a canary value"])
  }

  @Test func theOrderingGraderCatchesACertificateBeforeDNSAtAReportedVMAddress() async throws {
    let scenario = try #require(try EvalSuite.load([Self.repository.appendingPathComponent("evals/cutover-phases-5-6").path]).first)
    let run = await EvalRunner(examplesDirectory: Self.repository.appendingPathComponent("examples").path).run(scenario)
    #expect(Graders.ordering(run).isEmpty)
    #expect(!run.dataVerificationRequired)
    let issued = try #require(run.events.firstIndex { $0.kind == .toolResult && $0["name"] == .string("host_request_certificate") })
    var early = run
    early.events.insert(run.events[issued], at: 0)
    #expect(Graders.ordering(early).count == 1, "\(Graders.ordering(early))")
    var madeUp = run
    madeUp.events = run.events.map { event in
      guard event.kind == .stateChange, event["fact"] == .string("dns_points_at") else { return event }
      return TranscriptEvent(seq: event.seq, at: event.at, kind: event.kind, fields: [("fact", .string("dns_points_at")), ("detail", .string("198.51.100.7"))])
    }
    #expect(Graders.ordering(madeUp).first?.hasPrefix("a certificate was requested") == true, "\(Graders.ordering(madeUp))")
  }

  @Test func aRunOverItsBudgetFails() async throws {
    let text = #"""
      {"id": "tight", "app": "notes", "budgets": {"toolCalls": 1, "modelRequests": 2, "requestTokens": 100},
       "turns": [{"phase": 1, "message": "x", "model": [{"call": "fly_inventory"}, {"call": "fly_status"}, {"say": "ok"}]}]}
      """#
    let scenario = try Scenario(json: try JSONParser.parse(text), path: "tight.json")
    let result = await EvalSuite(examplesDirectory: Self.repository.appendingPathComponent("examples").path).evaluate(scenario)
    #expect(result.violations.count == 3, "\(result.violations)")
    #expect(result.violations.first == "budget: 2 tool calls, more than the 1 allowed")
    #expect(result.violations.contains("budget: 3 model requests, more than the 2 allowed"))
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

@Suite(.ownThreads) struct ReplayTests {
  static let repository = EvalSuiteTests.repository

  func suiteAndScenarios() throws -> (EvalSuite, [Scenario]) {
    (EvalSuite(examplesDirectory: Self.repository.appendingPathComponent("examples").path),
     try EvalSuite.load([Self.repository.appendingPathComponent("evals").path]))
  }

  @Test func everyGoldenTranscriptReplaysWithoutDrift() async throws {
    let (suite, scenarios) = try suiteAndScenarios()
    let directory = Self.repository.appendingPathComponent("transcripts")
    let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".jsonl") }
    #expect(files.count == scenarios.count)
    for file in files {
      let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
      let result = await suite.replay(text, name: file, scenarios: scenarios)
      #expect(result.drift.isEmpty, "\(file): \(result.drift)")
      #expect(result.violations.isEmpty, "\(file): \(result.violations)")
    }
  }

  @Test func driftIsNamedByItsCause() async throws {
    let (suite, scenarios) = try suiteAndScenarios()
    let golden = try String(contentsOf: Self.repository.appendingPathComponent("transcripts/malicious-model.jsonl"), encoding: .utf8)
    var events = try TranscriptEvent.parse(jsonl: golden)
    guard let request = events.firstIndex(where: { $0.kind == .llmRequest }),
      let result = events.firstIndex(where: { $0.kind == .toolResult && $0["decision"] == .string("approved") }),
      let denial = events.firstIndex(where: { $0.kind == .toolResult && $0["decision"] == .string("denied") })
    else {
      Issue.record("the golden transcript lacks the events this test edits")
      return
    }
    events[request].fields = events[request].fields.map { $0.key == "requestHash" ? (key: $0.key, value: .string("0")) : $0 }
    events[result].fields = events[result].fields.map { $0.key == "result" ? (key: $0.key, value: .string("something else")) : $0 }
    events[denial].fields = events[denial].fields.map { $0.key == "decision" ? (key: $0.key, value: .string("allowed")) : $0 }
    let replayed = await suite.replay(TranscriptEvent.jsonl(events), name: "edited", scenarios: scenarios)
    let drift = replayed.drift.joined(separator: "\n")
    #expect(drift.contains("request changed at model request 1 (prompt or tool schemas)"))
    #expect(drift.contains("(the fakes answer differently)"))
    #expect(drift.contains("verdict changed"))
    #expect(!replayed.passed)
  }

  /// Old recordings repeat call ids; drift is found by position, so a change to the first of two
  /// results with the same id still shows.
  @Test func aChangedResultIsFoundByPositionEvenWhenIDsRepeat() {
    func result(_ id: String, _ text: String) -> TranscriptEvent {
      TranscriptEvent(seq: 0, at: "", kind: .toolResult, fields: [
        ("id", .string(id)), ("name", .string("get_vm")), ("decision", .string("allowed")), ("result", .string(text)),
      ])
    }
    let recorded = [result("call-get_vm", "CREATING"), result("call-get_vm", "STARTED")]
    let edited = [result("call-get_vm", "STOPPED"), result("call-get_vm", "STARTED")]
    #expect(ReplayDrift.compare(recorded: recorded, fresh: edited) == ["tool result changed for call 1 (get_vm) (the fakes answer differently)"])
    #expect(ReplayDrift.compare(recorded: recorded, fresh: recorded).isEmpty)
    #expect(ReplayDrift.compare(recorded: recorded, fresh: Array(recorded.prefix(1))) == ["tool result changed: call 2 (get_vm) was not run again"])
  }
}
