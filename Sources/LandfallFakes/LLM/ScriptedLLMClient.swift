public import LandfallCore
public import LandfallModel

/// Answers from a script, records every request, and fails loudly when the script runs out.
public actor ScriptedLLMClient: LLMClient {
  private var script: [Result<CompletionResponse, LLMError>]
  public private(set) var requests: [CompletionRequest] = []

  /// A client giving `script`'s answers in order.
  public init(_ script: [Result<CompletionResponse, LLMError>]) {
    self.script = script
  }

  public func complete(_ request: CompletionRequest, onText: @escaping @Sendable (String) -> Void) async throws(LLMError)
    -> CompletionResponse
  {
    requests.append(request)
    guard !script.isEmpty else {
      throw .decoding("ScriptedLLMClient: the script ran out at request \(requests.count)")
    }
    let answer = try script.removeFirst().get()
    if !answer.text.isEmpty { onText(answer.text) }
    return answer
  }

  /// A response that calls one tool.
  public static func call(_ name: String, _ arguments: JSONValue = .object([]), id: String? = nil) -> Result<CompletionResponse, LLMError> {
    .success(CompletionResponse(text: "", toolCalls: [ToolCall(id: id ?? "call-\(name)", name: name, arguments: arguments)]))
  }

  /// A plain answer.
  public static func say(_ text: String) -> Result<CompletionResponse, LLMError> {
    .success(CompletionResponse(text: text, usage: TokenUsage(input: 100, output: 10)))
  }
}
