public import LandfallCore
public import LandfallModel

/// The OpenAI-compatible Chat Completions API (also served by vLLM, llama.cpp, LM Studio and
/// Ollama's `/v1`), streamed with `stream_options.include_usage`.
public struct OpenAIFormat: ChatWireFormat {
  /// Creates the format.
  public init() {}

  public func httpRequest(for request: CompletionRequest, endpoint: LLMEndpoint) -> HTTPRequest {
    var body: [(key: String, value: JSONValue)] = [
      ("model", .string(request.model)), ("messages", .array(request.messages.map(Self.message))),
      ("stream", .bool(true)), ("stream_options", .object([("include_usage", .bool(true))])),
      ("max_tokens", .int(request.maxOutputTokens)),
    ]
    if !request.tools.isEmpty {
      body.append(("tools", .array(request.tools.map { tool in
        .object([("type", .string("function")), ("function", .object([
          ("name", .string(tool.name)), ("description", .string(tool.description)), ("parameters", tool.inputSchema),
        ]))])
      })))
    }
    var headers = [HTTPHeader("Content-Type", "application/json"), HTTPHeader("Accept", "text/event-stream")]
    if let key = endpoint.apiKey { headers.append(key.withValue { HTTPHeader("Authorization", "Bearer \($0)") }) }
    return HTTPRequest(url: endpoint.baseURL + "/chat/completions", headers: headers, body: Array(JSONWriter.string(.object(body)).utf8))
  }

  static func message(_ message: ChatMessage) -> JSONValue {
    switch message.role {
    case .tool:
      return .object([("role", .string("tool")), ("tool_call_id", .string(message.toolCallID ?? "")), ("content", .string(message.content))])
    case .assistant where !message.toolCalls.isEmpty:
      return .object([
        ("role", .string("assistant")), ("content", .string(message.content)),
        ("tool_calls", .array(message.toolCalls.map { call in
          .object([("id", .string(call.id)), ("type", .string("function")), ("function", .object([
            ("name", .string(call.name)), ("arguments", .string(JSONWriter.string(call.arguments))),
          ]))])
        })),
      ])
    default:
      return .object([("role", .string(message.role.rawValue)), ("content", .string(message.content))])
    }
  }

  public func makeDecoder(knownTools: Set<String>) -> any ChatStreamDecoder {
    OpenAIDecoder()
  }
}

/// Reads an OpenAI answer: server-sent `chat.completion.chunk` events, or one JSON body.
struct OpenAIDecoder: ChatStreamDecoder {
  private var sse = SSEDecoder()
  private var raw: [UInt8] = []
  private var text = ""
  private var calls = ToolCallAccumulator()
  private var usage: TokenUsage?
  private var stopReason: String?
  private var sawDone = false
  private var sawEvent = false

  mutating func feed(_ bytes: [UInt8], onText: (String) -> Void) throws(LLMError) {
    raw += bytes.prefix(max(0, 1 << 20 - raw.count))
    for event in sse.feed(bytes) {
      sawEvent = true
      if event.data == "[DONE]" {
        sawDone = true
        continue
      }
      guard let chunk = try? JSONParser.parse(event.data) else { throw .decoding("a stream event is not JSON") }
      if let error = chunk["error"] { throw .http(status: 200, body: JSONWriter.string(error)) }
      try read(chunk, onText: onText)
    }
  }

  private mutating func read(_ chunk: JSONValue, onText: (String) -> Void) throws(LLMError) {
    if let counts = chunk["usage"], !counts.isNull {
      usage = TokenUsage(input: counts["prompt_tokens"]?.intValue ?? 0, output: counts["completion_tokens"]?.intValue ?? 0)
    }
    guard let choice = chunk["choices"]?.arrayValue?.first else { return }
    if let reason = choice["finish_reason"]?.stringValue { stopReason = reason }
    let delta = choice["delta"] ?? choice["message"] ?? .null
    if let piece = delta["content"]?.stringValue, !piece.isEmpty {
      text += piece
      onText(piece)
    }
    for (position, call) in (delta["tool_calls"]?.arrayValue ?? []).enumerated() {
      if let given = call["index"], given.intValue == nil { throw .decoding("a tool call index is not a whole number") }
      let index = call["index"]?.intValue ?? position
      try calls.start(at: index, id: call["id"]?.stringValue, name: call["function"]?["name"]?.stringValue)
      if let arguments = call["function"]?["arguments"] {
        try calls.append(at: index, arguments: arguments.stringValue ?? JSONWriter.string(arguments))
      }
    }
  }

  mutating func finish() throws(LLMError) -> CompletionResponse {
    if !sawEvent {
      guard let body = try? JSONParser.parse(String(decoding: raw, as: UTF8.self)) else {
        throw .decoding("the answer is neither an event stream nor JSON")
      }
      if let error = body["error"] { throw .http(status: 200, body: JSONWriter.string(error)) }
      try read(body) { _ in }
    } else if !sawDone && stopReason == nil {
      throw .decoding("the stream ended before the answer was complete")
    }
    return CompletionResponse(text: text, toolCalls: calls.finish(), usage: usage, stopReason: stopReason)
  }
}
