public import LandfallCore
public import LandfallModel

/// Plays back the model's answers recorded in a transcript, in order, and records the requests.
public actor ReplayLLMClient: LLMClient {
  private var answers: [CompletionResponse]
  public private(set) var requests: [CompletionRequest] = []

  /// A client answering with the `llm_response` events of `events`.
  public init(events: [TranscriptEvent]) {
    answers = events.filter { $0.kind == .llmResponse }.compactMap { event in
      guard let message = event["message"].flatMap(ChatMessage.init(json:)) else { return nil }
      return CompletionResponse(
        text: message.content, toolCalls: message.toolCalls,
        usage: TokenUsage(input: event["inputTokens"]?.intValue ?? 0, output: event["outputTokens"]?.intValue ?? 0))
    }
  }

  public func complete(_ request: CompletionRequest, onText: @escaping @Sendable (String) -> Void) async throws(LLMError)
    -> CompletionResponse
  {
    requests.append(request)
    guard !answers.isEmpty else { throw .decoding("the recorded transcript has no more answers (request \(requests.count))") }
    let answer = answers.removeFirst()
    if !answer.text.isEmpty { onText(answer.text) }
    return answer
  }
}
