import Foundation
import LandfallFakes
import LandfallRigs
import LandfallModel

/// A scripted model that decides its next answer from the conversation it is sent, not from a
/// counter, so a session killed and resumed (by a new process) carries on where the transcript
/// says it is: a step counts as done once a result for it succeeded; a refused billable call
/// gets a fresh estimate first; a secret the resumed vault no longer holds is fetched again.
/// It also checks every request: each tool call answered exactly once, no answer without a call.
final class ResumableModel: @unchecked Sendable {
  /// One call the script wants made; `arguments` may read earlier results.
  struct Step {
    var name: String
    var arguments: @Sendable (History) -> JSONValue
    /// The estimate to get again when this billable call is refused for want of one.
    var estimate: String?
    /// On a failed result, go back to this step of the phase (a verification that failed
    /// because the copy it checks was lost).
    var backTo: Int?

    init(_ name: String, estimate: String? = nil, backTo: Int? = nil, _ arguments: @escaping @Sendable (History) -> JSONValue = { _ in .object([]) }) {
      self.name = name
      self.estimate = estimate
      self.backTo = backTo
      self.arguments = arguments
    }
  }

  /// The calls of a conversation, in order, with the results they got.
  struct History {
    var calls: [(name: String, arguments: JSONValue, result: String?)]
    /// The system prompt, which carries the migration ledger's summary.
    var system = ""

    /// The rest of the ledger summary's line that starts with `prefix`, if the prompt has one.
    func ledger(_ prefix: String) -> String? {
      system.split(separator: "\n").first { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
    }

    /// The parsed latest successful result of `tool`.
    func result(of tool: String) -> JSONValue {
      for call in calls.reversed() where call.name == tool {
        if let text = call.result, ResumableModel.succeeded(text), let json = try? JSONParser.parse(text) { return json }
      }
      return .object([])
    }

    /// The id a create reported, or the id its reuse note named.
    func id(createdBy tool: String) -> String {
      if let id = CreatedResource.id(in: result(of: tool)) { return id }
      for call in calls.reversed() where call.name == tool {
        guard let text = call.result, let range = text.range(of: "(id ") else { continue }
        return String(text[range.upperBound...].prefix { $0 != ";" && $0 != ")" })
      }
      guard let line = ledger("Created: \(tool) "), let range = line.range(of: "(id ") else { return "" }
      return String(line[range.upperBound...].prefix { $0 != ")" })
    }
  }

  /// The steps of each phase, and the message that starts it.
  let phases: [(message: String, steps: [Step])]
  /// Steps that fetch secrets again after a restart emptied the vault.
  let refetch: [Step]
  private let lock = NSLock()
  private var currentPhase = 0
  private var problems: [String] = []

  init(phases: [(message: String, steps: [Step])], refetch: [Step]) {
    self.phases = phases
    self.refetch = refetch
  }

  /// Serve phase `index` (0-based) from now on.
  func serve(phase index: Int) { lock.withLock { currentPhase = index } }

  /// Requests that broke the rules of the chat API, one line each.
  var violations: [String] { lock.withLock { problems } }

  static func succeeded(_ text: String) -> Bool {
    if text.contains("already exists") { return true }
    if text.hasPrefix("not run: ") { return false }
    return !(text.hasPrefix("denied") || text.hasPrefix("error") || text.contains("failed with exit status"))
  }

  /// The reply to one request body.
  func reply(to body: String) -> LoopbackHTTPServer.Reply {
    let phase = lock.withLock { currentPhase }
    guard let request = try? JSONParser.parse(body), let messages = request["messages"]?.arrayValue else {
      record("request \(body.prefix(80)) is not a chat request")
      return ChatCommandTests.say("I could not read that.")
    }
    checkAnswered(messages)
    let script = phases[phase]
    let start = messages.firstIndex { $0["role"]?.stringValue == "user" && $0["content"]?.stringValue == script.message } ?? 0
    var history = Self.history(messages)
    history.system = messages.first { $0["role"]?.stringValue == "system" }?["content"]?.stringValue ?? ""
    let earlier = Self.history(Array(messages[..<start])).calls.count
    guard let next = nextStep(script.steps, History(calls: Array(history.calls[earlier...]), system: history.system), whole: history) else { return ChatCommandTests.say("Phase \(phase + 1) is done.") }
    return ChatCommandTests.call(next.name, JSONWriter.string(next.arguments(history)))
  }

  private func nextStep(_ steps: [Step], _ history: History, whole: History) -> Step? {
    var position = 0
    var failures = 0
    for call in history.calls where position < steps.count {
      guard call.name == steps[position].name, let result = call.result else { continue }
      if Self.succeeded(result) {
        position += 1
        failures = 0
      } else {
        failures += 1
        if let back = steps[position].backTo, !result.hasPrefix("not run: the session was interrupted") { position = back }
      }
    }
    guard position < steps.count else { return nil }
    guard failures < 4 else { return Step("give_up") }
    let step = steps[position]
    guard let last = history.calls.last, last.name == step.name, let result = last.result, !Self.succeeded(result) else { return step }
    if let estimate = step.estimate, result.contains("estimate") {
      return Step(estimate) { step.arguments($0) }
    }
    if result.contains("no value is known for"), let fetch = refetch.first(where: { fetch in !whole.calls.suffix(3).contains { $0.name == fetch.name } }) {
      return fetch
    }
    return step
  }

  private static func history(_ messages: [JSONValue]) -> History {
    var calls: [(name: String, arguments: JSONValue, result: String?)] = []
    var index: [String: Int] = [:]
    for message in messages {
      for call in message["tool_calls"]?.arrayValue ?? [] {
        let function = call["function"] ?? .object([])
        let arguments = (try? JSONParser.parse(function["arguments"]?.stringValue ?? "{}")) ?? .object([])
        index[call["id"]?.stringValue ?? ""] = calls.count
        calls.append((function["name"]?.stringValue ?? "", arguments, nil))
      }
      if message["role"]?.stringValue == "tool", let id = message["tool_call_id"]?.stringValue, let at = index[id] {
        calls[at].result = message["content"]?.stringValue ?? ""
      }
    }
    return History(calls: calls)
  }

  /// Every tool call of an assistant message is answered by exactly one tool message before the
  /// next assistant or user message, and every tool message answers a call.
  private func checkAnswered(_ messages: [JSONValue]) {
    var open: [String] = []
    for message in messages {
      switch message["role"]?.stringValue {
      case "assistant", "user":
        if !open.isEmpty { record("calls \(open) were not answered before the next message") }
        open = (message["tool_calls"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
      case "tool":
        let id = message["tool_call_id"]?.stringValue ?? ""
        if let at = open.firstIndex(of: id) { open.remove(at: at) } else { record("a tool message answers \(id), which no open call has") }
      default:
        continue
      }
    }
  }

  private func record(_ problem: String) { lock.withLock { problems.append(problem) } }
}
