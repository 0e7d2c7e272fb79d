public import LandfallModel
public import LandfallPolicy

/// The only way the agent talks to a model.
///
/// Live: `OpenAIClient`, `AnthropicClient`, `OllamaClient` (LandfallLLM). Fakes: `ScriptedLLMClient`,
/// `ReplayLLMClient` (LandfallFakes).
public protocol LLMClient: Sendable {
  /// Sends `request`; streamed text is passed to `onText` as it arrives.
  func complete(_ request: CompletionRequest, onText: @escaping @Sendable (String) -> Void) async throws(LLMError)
    -> CompletionResponse
}

/// Why a model could not answer.
public enum LLMError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The endpoint could not be reached: check the URL and that the server runs (exit 3).
  case unreachable(url: String, reason: String)
  /// The key was refused: set the named variable to a valid key.
  case unauthorized(status: Int, keyVariable: String)
  /// The endpoint kept answering with an error status.
  case http(status: Int, body: String)
  /// Still rate-limited after retrying.
  case rateLimited(afterAttempts: Int)
  /// The model answered with nothing, twice.
  case emptyResponse
  /// The answer could not be read.
  case decoding(String)
  /// The turn was interrupted.
  case cancelled

  public var description: String {
    switch self {
    case .unreachable(let url, let reason): return "cannot reach the model at \(url): \(reason)"
    case .unauthorized(let status, let variable):
      return "the model endpoint refused the key (HTTP \(status)); set \(variable) to a valid key"
    case .http(let status, let body): return "the model endpoint answered HTTP \(status): \(body.prefix(300))"
    case .rateLimited(let attempts): return "the model endpoint is still rate-limiting after \(attempts) attempts"
    case .emptyResponse: return "the model gave an empty answer twice"
    case .decoding(let reason): return "the model's answer could not be read: \(reason)"
    case .cancelled: return "interrupted"
    }
  }

  /// The same error with every text it carries from the endpoint passed through `redactor`
  /// (an error body may echo the key or a secret the request held).
  public func redacted(by redactor: Redactor) -> LLMError {
    switch self {
    case .unreachable(let url, let reason): return .unreachable(url: redactor.redact(url), reason: redactor.redact(reason))
    case .http(let status, let body): return .http(status: status, body: redactor.redact(body))
    case .decoding(let reason): return .decoding(redactor.redact(reason))
    default: return self
    }
  }
}
