public import LandfallCore
public import LandfallModel

/// Anthropic's Messages API: `tool_use` / `tool_result` blocks, streamed with
/// `input_json_delta` for tool arguments.
public struct AnthropicFormat: ChatWireFormat {
  /// Creates the format.
  public init() {}

  public func httpRequest(for request: CompletionRequest, endpoint: LLMEndpoint) -> HTTPRequest {
    let system = request.messages.filter { $0.role == .system }.map(\.content).joined(separator: "\n\n")
    var body: [(key: String, value: JSONValue)] = [
      ("model", .string(request.model)), ("max_tokens", .int(request.maxOutputTokens)), ("stream", .bool(true)),
      ("messages", .array(Self.messages(request.messages.filter { $0.role != .system }))),
    ]
    if !system.isEmpty { body.append(("system", .string(system))) }
    if !request.tools.isEmpty {
      body.append(("tools", .array(request.tools.map { tool in
        .object([("name", .string(tool.name)), ("description", .string(tool.description)), ("input_schema", tool.inputSchema)])
      })))
    }
    var headers = [
      HTTPHeader("Content-Type", "application/json"), HTTPHeader("anthropic-version", "2023-06-01"),
      HTTPHeader("Accept", "text/event-stream"),
    ]
    if let key = endpoint.apiKey { headers.append(key.withValue { HTTPHeader("x-api-key", $0) }) }
    let base = endpoint.baseURL.hasSuffix("/v1") ? endpoint.baseURL : endpoint.baseURL + "/v1"
    return HTTPRequest(url: base + "/messages", headers: headers, body: Array(JSONWriter.string(.object(body)).utf8))
  }

  /// Messages with consecutive tool results merged into one user turn, as the API requires.
  static func messages(_ messages: [ChatMessage]) -> [JSONValue] {
    var output: [JSONValue] = []
    var pendingResults: [JSONValue] = []
    func flushResults() {
      if !pendingResults.isEmpty {
        output.append(.object([("role", .string("user")), ("content", .array(pendingResults))]))
        pendingResults = []
      }
    }
    for message in messages {
      switch message.role {
      case .tool:
        pendingResults.append(.object([
          ("type", .string("tool_result")), ("tool_use_id", .string(message.toolCallID ?? "")),
          ("content", .string(message.content)), ("is_error", .bool(message.isError)),
        ]))
      case .assistant:
        flushResults()
        var blocks: [JSONValue] = []
        if !message.content.isEmpty { blocks.append(.object([("type", .string("text")), ("text", .string(message.content))])) }
        for call in message.toolCalls {
          blocks.append(.object([
            ("type", .string("tool_use")), ("id", .string(call.id)), ("name", .string(call.name)), ("input", call.arguments),
          ]))
        }
        output.append(.object([("role", .string("assistant")), ("content", .array(blocks))]))
      case .user, .system:
        flushResults()
        output.append(.object([("role", .string("user")), ("content", .string(message.content))]))
      }
    }
    flushResults()
    return output
  }

  public func makeDecoder(knownTools: Set<String>) -> any ChatStreamDecoder {
    AnthropicDecoder()
  }
}

/// Reads Anthropic's event stream (`message_start` … `message_stop`) or a JSON message.
struct AnthropicDecoder: ChatStreamDecoder {
  private var sse = SSEDecoder()
  private var raw: [UInt8] = []
  private var text = ""
  private var calls = ToolCallAccumulator()
  private var toolIndexes: [Int: Int] = [:]
  private var input = 0
  private var output = 0
  private var stopReason: String?
  private var stopped = false
  private var sawEvent = false

  mutating func feed(_ bytes: [UInt8], onText: (String) -> Void) throws(LLMError) {
    raw += bytes.prefix(max(0, 1 << 20 - raw.count))
    for event in sse.feed(bytes) {
      sawEvent = true
      guard let payload = try? JSONParser.parse(event.data) else { throw .decoding("a stream event is not JSON") }
      switch payload["type"]?.stringValue ?? event.name ?? "" {
      case "message_start":
        input = payload["message"]?["usage"]?["input_tokens"]?.intValue ?? 0
      case "content_block_start":
        let block = payload["content_block"] ?? .null
        if block["type"]?.stringValue == "tool_use", let index = payload["index"]?.intValue {
          let slot = toolIndexes[index] ?? toolIndexes.count
          try calls.start(at: slot, id: block["id"]?.stringValue, name: block["name"]?.stringValue)
          toolIndexes[index] = slot
        }
      case "content_block_delta":
        let delta = payload["delta"] ?? .null
        if delta["type"]?.stringValue == "text_delta", let piece = delta["text"]?.stringValue {
          text += piece
          onText(piece)
        } else if delta["type"]?.stringValue == "input_json_delta", let index = payload["index"]?.intValue,
          let slot = toolIndexes[index]
        {
          try calls.append(at: slot, arguments: delta["partial_json"]?.stringValue ?? "")
        }
      case "message_delta":
        output = payload["usage"]?["output_tokens"]?.intValue ?? output
        stopReason = payload["delta"]?["stop_reason"]?.stringValue ?? stopReason
      case "message_stop":
        stopped = true
      case "error":
        throw .http(status: 200, body: JSONWriter.string(payload["error"] ?? payload))
      default:
        continue
      }
    }
  }

  mutating func finish() throws(LLMError) -> CompletionResponse {
    if !sawEvent {
      guard let body = try? JSONParser.parse(String(decoding: raw, as: UTF8.self)), body["content"] != nil else {
        throw .decoding("the answer is neither an event stream nor a message")
      }
      for (index, block) in (body["content"]?.arrayValue ?? []).enumerated() {
        if let piece = block["text"]?.stringValue { text += piece }
        if block["type"]?.stringValue == "tool_use" {
          try calls.start(at: index, id: block["id"]?.stringValue, name: block["name"]?.stringValue)
          try calls.append(at: index, arguments: JSONWriter.string(block["input"] ?? .object([])))
        }
      }
      input = body["usage"]?["input_tokens"]?.intValue ?? 0
      output = body["usage"]?["output_tokens"]?.intValue ?? 0
      stopReason = body["stop_reason"]?.stringValue
    } else if !stopped {
      throw .decoding("the stream ended before message_stop")
    }
    return CompletionResponse(text: text, toolCalls: calls.finish(), usage: TokenUsage(input: input, output: output), stopReason: stopReason)
  }
}
