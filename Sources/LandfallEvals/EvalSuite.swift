import Foundation
public import LandfallModel
public import LandfallCore

/// Runs scenarios, grades them (outcomes, invariants, and each invariant's mutant), and reports.
public struct EvalSuite: Sendable {
  /// The verdict on one scenario.
  public struct Result: Sendable {
    public var id: String
    public var violations: [String]
    public var drift: [String] = []
    public var mutantsCaught: [String: Bool]
    public var toolCalls: Int
    public var llmRequests: Int
    public var maxRequestTokens: Int
    public var passed: Bool { violations.isEmpty && drift.isEmpty && mutantsCaught.values.allSatisfy { $0 } }
  }

  private let runner: EvalRunner

  /// A suite reading example apps from `examplesDirectory`, finding helper programs on `path`.
  public init(examplesDirectory: String, path: String = EvalRunner.defaultPath) {
    runner = EvalRunner(examplesDirectory: examplesDirectory, path: path)
  }

  /// The scenarios in `paths` (scenario files, or folders holding `*/scenario.json`), in name order.
  public static func load(_ paths: [String]) throws(InputError) -> [Scenario] {
    var files: [String] = []
    for path in paths {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw InputError("no such file or folder", source: path)
      }
      if isDirectory.boolValue, FileManager.default.fileExists(atPath: path + "/scenario.json") {
        files.append(path + "/scenario.json")
      } else if isDirectory.boolValue {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
        files += names.map { "\(path)/\($0)/scenario.json" }.filter { FileManager.default.fileExists(atPath: $0) }
      } else {
        files.append(path)
      }
    }
    var scenarios: [Scenario] = []
    for file in files {
      let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
      do {
        scenarios.append(try Scenario(json: try JSONParser.parse(text), path: file))
      } catch {
        throw error.from(file)
      }
    }
    return scenarios
  }

  /// The golden transcript of `scenario`: its scripted run, as JSONL.
  public func record(_ scenario: Scenario) async -> String {
    TranscriptEvent.jsonl(await runner.run(scenario).events)
  }

  /// Replays a recorded transcript of one of `scenarios`: the recorded model answers are fed back
  /// while every tool runs again against fresh fakes through the real policy; differences are
  /// reported as drift, and the fresh run is graded like any other.
  public func replay(_ jsonl: String, name: String, scenarios: [Scenario]) async -> Result {
    do {
      return await replay(try TranscriptEvent.parse(jsonl: jsonl), name: name, scenarios: scenarios, requireScenario: true)
    } catch {
      return Result(id: name, violations: [error.from(name).description], mutantsCaught: [:], toolCalls: 0, llmRequests: 0, maxRequestTokens: 0)
    }
  }

  /// Replays `recorded` like `replay(_:name:scenarios:)`; a recording that names none of
  /// `scenarios` is replayed as the scenario it records when `requireScenario` is false.
  public func replay(_ recorded: [TranscriptEvent], name: String, scenarios: [Scenario], requireScenario: Bool) async -> Result {
    let id = recorded.first { $0.kind == .sessionStart }?["scenario"]?.stringValue ?? ""
    let scenario: Scenario
    if let known = scenarios.first(where: { $0.id == id }) {
      scenario = known
    } else if !requireScenario, let rebuilt = try? Scenario(recording: recorded, id: name) {
      scenario = rebuilt
    } else {
      return Result(id: name, violations: ["\(name) names no known scenario (\(id))"], mutantsCaught: [:], toolCalls: 0, llmRequests: 0, maxRequestTokens: 0)
    }
    let fresh = await runner.run(scenario, replaying: recorded)
    var result = await grade(fresh)
    result.id = "replay:" + name
    result.drift = ReplayDrift.compare(recorded: recorded, fresh: fresh.events)
    return result
  }

  /// Runs `scenario` `trials` times against a live model (a fresh client from `client` each
  /// time) and passes only when every trial passes (pass^k). Outcomes and invariants are graded
  /// per trial; mutants are not, since they test the graders, which the scripted runs already do.
  public func live(
    _ scenario: Scenario, trials: Int, client: @Sendable () -> any LLMClient, settings: AgentSettings
  ) async -> (result: Result, trialsPassed: Int) {
    var result = Result(id: "live:" + scenario.id, violations: [], mutantsCaught: [:], toolCalls: 0, llmRequests: 0, maxRequestTokens: 0)
    var passed = 0
    for trial in 1...max(trials, 1) {
      var graded = await grade(await runner.run(scenario, liveModel: (client(), settings)))
      graded.mutantsCaught = [:]
      if graded.passed { passed += 1 }
      result.violations += graded.violations.map { "trial \(trial): \($0)" }
      result.toolCalls = max(result.toolCalls, graded.toolCalls)
      result.llmRequests = max(result.llmRequests, graded.llmRequests)
      result.maxRequestTokens = max(result.maxRequestTokens, graded.maxRequestTokens)
    }
    return (result, passed)
  }

  /// Runs and grades one scenario.
  public func evaluate(_ scenario: Scenario) async -> Result {
    await grade(await runner.run(scenario))
  }

  private func grade(_ run: EvalRun) async -> Result {
    let scenario = run.scenario
    var violations = Expectations.check(run)
    var mutants: [String: Bool] = [:]
    for name in scenario.invariants {
      guard let grader = Graders.invariants[name] else {
        violations.append("unknown invariant \(name)")
        continue
      }
      violations += grader(run).map { "\(name): \($0)" }
      mutants[name] = !grader(Mutants.mutant(of: run, breaking: name)).isEmpty
    }
    let toolCalls = run.events.filter { $0.kind == .toolCall }.count
    let largest = run.requests.map(\.estimatedTokens).max() ?? 0
    violations += Self.overBudget(scenario.budgets, toolCalls: toolCalls, requests: run.requests.count, largestRequest: largest)
    return Result(
      id: scenario.id, violations: violations, mutantsCaught: mutants, toolCalls: toolCalls, llmRequests: run.requests.count,
      maxRequestTokens: largest)
  }

  private static func overBudget(_ budgets: JSONValue, toolCalls: Int, requests: Int, largestRequest: Int) -> [String] {
    var violations: [String] = []
    if let limit = budgets["toolCalls"]?.intValue, toolCalls > limit {
      violations.append("budget: \(toolCalls) tool calls, more than the \(limit) allowed")
    }
    if let limit = budgets["modelRequests"]?.intValue, requests > limit {
      violations.append("budget: \(requests) model requests, more than the \(limit) allowed")
    }
    let tokens = budgets["requestTokens"]?.intValue ?? 12_000
    if largestRequest > tokens {
      violations.append("budget: a request of about \(largestRequest) tokens, more than the \(tokens) allowed")
    }
    return violations
  }

  /// The summary JSON of `landfall eval --json`.
  public static func json(_ results: [Result]) -> JSONValue {
    .object([
      ("scenarios", .int(results.count)), ("passed", .int(results.filter(\.passed).count)),
      ("failed", .int(results.filter { !$0.passed }.count)),
      ("results", .array(results.map { result in
        .object([
          ("id", .string(result.id)), ("passed", .bool(result.passed)),
          ("violations", .strings(result.violations + result.mutantsCaught.filter { !$0.value }.map { "mutant not caught: \($0.key)" })),
          ("drift", .strings(result.drift)), ("toolCalls", .int(result.toolCalls)), ("llmRequests", .int(result.llmRequests)),
          ("maxRequestTokens", .int(result.maxRequestTokens)),
        ])
      })),
    ])
  }

  /// The results as a table for a person, with every violation, drift and uncaught mutant.
  public static func table(_ results: [Result]) -> String {
    var lines = ["scenario\tresult\ttool calls\tmodel requests\tlargest request (tokens)"]
    for result in results {
      lines.append("\(result.id)\t\(result.passed ? "pass" : "FAIL")\t\(result.toolCalls)\t\(result.llmRequests)\t\(result.maxRequestTokens)")
      lines += (result.violations + result.drift).map { "  - \($0)" }
      lines += result.mutantsCaught.filter { !$0.value }.keys.sorted().map { "  - the mutant breaking \($0) was not caught" }
    }
    lines.append("\(results.filter(\.passed).count) of \(results.count) passed")
    return lines.joined(separator: "\n")
  }

  /// JUnit XML: one test case per scenario and one per invariant (its check and its mutant).
  public static func junit(_ results: [Result]) -> String {
    var cases: [String] = []
    for result in results {
      let invariantNames = Set(result.mutantsCaught.keys)
      let outcomeFailures = result.violations.filter { !invariantNames.contains(String($0.prefix { $0 != ":" })) }
      cases.append(testCase(result.id, "outcome", outcomeFailures + result.drift))
      for (name, caught) in result.mutantsCaught.sorted(by: { $0.key < $1.key }) {
        let own = result.violations.filter { $0.hasPrefix(name + ":") } + (caught ? [] : ["the mutant breaking \(name) was not caught"])
        cases.append(testCase(result.id, name, own))
      }
    }
    let failures = cases.filter { $0.contains("<failure") }.count
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"landfall-evals\" tests=\"\(cases.count)\" failures=\"\(failures)\">\n"
      + cases.joined() + "</testsuite>\n"
  }

  private static func testCase(_ scenario: String, _ name: String, _ failures: [String]) -> String {
    let head = "  <testcase classname=\"\(escape(scenario))\" name=\"\(escape(name))\""
    guard !failures.isEmpty else { return head + "/>\n" }
    return head + ">\n    <failure message=\"\(escape(failures.joined(separator: "; ")))\"/>\n  </testcase>\n"
  }

  private static func escape(_ text: String) -> String {
    text.replacing("&", with: "&amp;").replacing("<", with: "&lt;").replacing(">", with: "&gt;").replacing("\"", with: "&quot;")
  }
}
