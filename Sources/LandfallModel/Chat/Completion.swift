/// One request to a model: the conversation so far and the tools it may call.
public struct CompletionRequest: Sendable, Equatable {
  public var model: String
  public var messages: [ChatMessage]
  public var tools: [ToolSpec]
  /// The context window to ask for (Ollama's `num_ctx`); nothing more is ever sent.
  public var contextWindow: Int
  public var maxOutputTokens: Int

  /// Creates a request.
  public init(model: String, messages: [ChatMessage], tools: [ToolSpec], contextWindow: Int, maxOutputTokens: Int = 4096) {
    self.model = model
    self.messages = messages
    self.tools = tools
    self.contextWindow = contextWindow
    self.maxOutputTokens = maxOutputTokens
  }

  /// The estimated size of the request in tokens (messages plus tool schemas).
  public var estimatedTokens: Int {
    messages.reduce(0) { $0 + $1.estimatedTokens }
      + tools.reduce(0) { $0 + ($1.name.count + $1.description.count + JSONWriter.string($1.inputSchema).count) / 4 + 8 }
  }
}

/// Tokens a request used, as the provider reported them.
public struct TokenUsage: Sendable, Equatable {
  public var input: Int
  public var output: Int

  /// Creates a usage record.
  public init(input: Int, output: Int) {
    self.input = input
    self.output = output
  }
}

/// A model's answer: text, tool calls, or both.
public struct CompletionResponse: Sendable, Equatable {
  public var text: String
  public var toolCalls: [ToolCall]
  public var usage: TokenUsage?
  public var stopReason: String?

  /// Creates a response.
  public init(text: String, toolCalls: [ToolCall] = [], usage: TokenUsage? = nil, stopReason: String? = nil) {
    self.text = text
    self.toolCalls = toolCalls
    self.usage = usage
    self.stopReason = stopReason
  }
}
