public import LandfallModel

/// Which wire protocol an endpoint speaks.
public enum LLMProvider: String, Sendable, Equatable, CaseIterable {
  case openai
  case anthropic
  case ollama

  /// The variable a key for this provider is read from after `LANDFALL_API_KEY`.
  public var keyVariable: String {
    switch self {
    case .openai: return "OPENAI_API_KEY"
    case .anthropic: return "ANTHROPIC_API_KEY"
    case .ollama: return "LANDFALL_API_KEY"
    }
  }
}

/// Where and how to reach a model.
public struct LLMEndpoint: Sendable {
  public var provider: LLMProvider
  /// The base URL, e.g. `http://127.0.0.1:11434/v1` or `https://api.anthropic.com`.
  public var baseURL: String
  public var apiKey: Secret?
  /// The variable the key came from, named in errors.
  public var keyVariable: String

  /// Creates an endpoint.
  public init(provider: LLMProvider, baseURL: String, apiKey: Secret?, keyVariable: String) {
    self.provider = provider
    var base = baseURL
    while base.hasSuffix("/") { base.removeLast() }
    self.baseURL = base
    self.apiKey = apiKey
    self.keyVariable = keyVariable
  }
}
