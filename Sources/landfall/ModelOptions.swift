import ArgumentParser
import LandfallCore
import LandfallLLM
import LandfallModel

/// Which model to talk to and how: shared by `chat` and `eval --live`.
struct ModelOptions: ParsableArguments {
  @Option(help: "The model endpoint (default: $LANDFALL_LLM_URL, else http://127.0.0.1:11434/v1).") var llmUrl: String?
  @Option(help: "The model name (default: $LANDFALL_MODEL).") var model: String?
  @Option(help: "openai (any OpenAI-compatible server), anthropic or ollama.") var provider: String = "openai"
  @Option(help: "The model's context window in tokens; no request is larger.") var contextWindow: Int = 16_384

  func validate() throws {
    guard LLMProvider(rawValue: provider) != nil else { throw ValidationError("--provider must be openai, anthropic or ollama") }
    if contextWindow < 2_048 { throw ValidationError("--context-window must be at least 2048") }
  }

  /// The endpoint, its URL and key taken from the options, else from `environment`.
  func endpoint(environment: [String: String]) throws -> LLMEndpoint {
    let provider = LLMProvider(rawValue: provider) ?? .openai
    let url = llmUrl ?? environment["LANDFALL_LLM_URL"] ?? "http://127.0.0.1:11434/v1"
    guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
      throw LandfallFailure.usage("--llm-url must start with http:// or https:// (got \(url))")
    }
    var variable = "LANDFALL_API_KEY"
    var key = environment[variable].flatMap { $0.isEmpty ? nil : $0 }
    if key == nil, provider != .ollama {
      variable = provider.keyVariable
      key = environment[variable].flatMap { $0.isEmpty ? nil : $0 }
    }
    if provider == .anthropic, key == nil {
      throw LandfallFailure.usage("the anthropic provider needs a key: set LANDFALL_API_KEY or ANTHROPIC_API_KEY")
    }
    return LLMEndpoint(provider: provider, baseURL: url, apiKey: key.map(Secret.init), keyVariable: variable)
  }

  /// The agent's settings: the model's name (from the options, else `LANDFALL_MODEL`) and window.
  func settings(environment: [String: String]) throws -> AgentSettings {
    guard let name = model ?? environment["LANDFALL_MODEL"], !name.isEmpty else {
      throw LandfallFailure.usage("no model named: pass --model or set LANDFALL_MODEL")
    }
    return AgentSettings(model: name, contextWindow: contextWindow)
  }
}
