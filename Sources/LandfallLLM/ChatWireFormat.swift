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

/// Accumulates tool calls that arrive in pieces (an id and name first, then argument text),
/// refusing indexes and sizes no real answer has, before anything is allocated for them.
struct ToolCallAccumulator: Sendable {
  /// The highest tool-call index a stream may use.
  static let maximumIndex = 255
  /// The most argument text all calls of one answer may carry together.
  static let maximumArgumentBytes = 4 << 20

  private var calls: [(id: String, name: String, arguments: String)] = []
  private var argumentBytes = 0

  /// How many call slots are open.
  var count: Int { calls.count }

  mutating func start(at index: Int, id: String?, name: String?) throws(LLMError) {
    guard (0...Self.maximumIndex).contains(index) else {
      throw .decoding("a tool call has index \(index); indexes run from 0 to \(Self.maximumIndex)")
    }
    while calls.count <= index { calls.append(("call-\(calls.count + 1)", "", "")) }
    if let id, !id.isEmpty { calls[index].id = String(id.prefix(256)) }
    if let name, !name.isEmpty {
      guard calls[index].name.utf8.count + name.utf8.count <= 256 else { throw .decoding("tool call \(index) has a name longer than 256 bytes") }
      calls[index].name += name
    }
  }

  mutating func append(at index: Int, arguments: String) throws(LLMError) {
    try start(at: index, id: nil, name: nil)
    argumentBytes += arguments.utf8.count
    guard argumentBytes <= Self.maximumArgumentBytes else {
      throw .decoding("the tool calls' arguments exceed \(Self.maximumArgumentBytes >> 20) MiB")
    }
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
