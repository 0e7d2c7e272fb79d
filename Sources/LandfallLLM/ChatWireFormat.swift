public import LandfallCore
public import LandfallModel

/// How one provider's chat API is spoken: the request it wants and how its answer streams back.
public protocol ChatWireFormat: Sendable {
  /// The HTTP request for `request`.
  func httpRequest(for request: CompletionRequest, endpoint: LLMEndpoint) -> HTTPRequest
  /// A fresh decoder for one response.
  func makeDecoder(knownTools: Set<String>) -> any ChatStreamDecoder
}

/// Turns a response body, chunk by chunk, into a completion.
public protocol ChatStreamDecoder: Sendable {
  /// Reads `bytes`; streamed text goes to `onText`.
  mutating func feed(_ bytes: [UInt8], onText: (String) -> Void) throws(LLMError)
  /// The completion once the body ended; throws when it ended too early.
  mutating func finish() throws(LLMError) -> CompletionResponse
}

/// Accumulates tool calls that arrive in pieces (an id and name first, then argument text).
struct ToolCallAccumulator: Sendable {
  private var calls: [(id: String, name: String, arguments: String)] = []

  mutating func start(at index: Int, id: String?, name: String?) {
    while calls.count <= index { calls.append(("call-\(calls.count + 1)", "", "")) }
    if let id, !id.isEmpty { calls[index].id = id }
    if let name, !name.isEmpty { calls[index].name += name }
  }

  mutating func append(at index: Int, arguments: String) {
    start(at: index, id: nil, name: nil)
    calls[index].arguments += arguments
  }

  /// The calls; arguments that cannot be repaired become `{"_unparsed": text}` so the runner's
  /// schema check tells the model what went wrong.
  func finish() -> [ToolCall] {
    calls.filter { !$0.name.isEmpty }.map { call in
      let arguments = ToolCallRepair.arguments(call.arguments) ?? .object([("_unparsed", .string(call.arguments))])
      return ToolCall(id: call.id, name: call.name, arguments: arguments)
    }
  }
}
