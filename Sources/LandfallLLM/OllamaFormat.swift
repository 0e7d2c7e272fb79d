public import LandfallCore
public import LandfallModel

/// Ollama's native `/api/chat`, streamed as JSON lines, with `options.num_ctx` set to the
/// context window so Ollama never silently truncates the conversation.
public struct OllamaFormat: ChatWireFormat {
  /// Creates the format.
  public init() {}

  public func httpRequest(for request: CompletionRequest, endpoint: LLMEndpoint) -> HTTPRequest {
    var body: [(key: String, value: JSONValue)] = [
      ("model", .string(request.model)), ("stream", .bool(true)),
      ("messages", .array(request.messages.map(Self.message))),
      ("options", .object([("num_ctx", .int(request.contextWindow)), ("num_predict", .int(request.maxOutputTokens))])),
    ]
    if !request.tools.isEmpty {
      body.append(("tools", .array(request.tools.map { tool in
        .object([("type", .string("function")), ("function", .object([
          ("name", .string(tool.name)), ("description", .string(tool.description)), ("parameters", tool.inputSchema),
        ]))])
      })))
    }
    var base = endpoint.baseURL
    if base.hasSuffix("/v1") { base.removeLast(3) }
    var headers = [HTTPHeader("Content-Type", "application/json")]
    if let key = endpoint.apiKey { headers.append(key.withValue { HTTPHeader("Authorization", "Bearer \($0)") }) }
    return HTTPRequest(url: base + "/api/chat", headers: headers, body: Array(JSONWriter.string(.object(body)).utf8))
  }

  static func message(_ message: ChatMessage) -> JSONValue {
    var pairs: [(key: String, value: JSONValue)] = [("role", .string(message.role.rawValue)), ("content", .string(message.content))]
    if !message.toolCalls.isEmpty {
      pairs.append(("tool_calls", .array(message.toolCalls.map { call in
        .object([("function", .object([("name", .string(call.name)), ("arguments", call.arguments)]))])
      })))
    }
    if message.role == .tool, let name = message.toolName { pairs.append(("tool_name", .string(name))) }
    return .object(pairs)
  }

  public func makeDecoder(knownTools: Set<String>) -> any ChatStreamDecoder {
    OllamaDecoder()
  }
}

/// Reads Ollama's JSON lines (`{"message": ..., "done": false}` … `{"done": true, ...}`).
struct OllamaDecoder: ChatStreamDecoder {
  private var lines = LineSplitter()
  private var text = ""
  private var calls = ToolCallAccumulator()
  private var usage: TokenUsage?
  private var stopReason: String?
  private var done = false

  mutating func feed(_ bytes: [UInt8], onText: (String) -> Void) throws(LLMError) {
    for line in lines.feed(bytes) where !line.isEmpty {
      try read(line, onText: onText)
    }
  }

  private mutating func read(_ line: String, onText: (String) -> Void) throws(LLMError) {
    guard let chunk = try? JSONParser.parse(line) else { throw .decoding("a line of the answer is not JSON") }
    if let error = chunk["error"]?.stringValue { throw .http(status: 200, body: error) }
    if let piece = chunk["message"]?["content"]?.stringValue, !piece.isEmpty {
      text += piece
      onText(piece)
    }
    for call in chunk["message"]?["tool_calls"]?.arrayValue ?? [] {
      let slot = calls.count
      try calls.start(at: slot, id: nil, name: call["function"]?["name"]?.stringValue)
      let arguments = call["function"]?["arguments"] ?? .object([])
      try calls.append(at: slot, arguments: arguments.stringValue ?? JSONWriter.string(arguments))
    }
    if chunk["done"]?.boolValue == true {
      done = true
      stopReason = chunk["done_reason"]?.stringValue
      usage = TokenUsage(input: chunk["prompt_eval_count"]?.intValue ?? 0, output: chunk["eval_count"]?.intValue ?? 0)
    }
  }

  mutating func finish() throws(LLMError) -> CompletionResponse {
    if let last = lines.flush(), !last.isEmpty { try read(last) { _ in } }
    guard done else { throw .decoding("the answer ended before done: true") }
    return CompletionResponse(text: text, toolCalls: calls.finish(), usage: usage, stopReason: stopReason)
  }
}
