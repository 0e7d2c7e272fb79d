public import LandfallCore

/// Builds the client for an endpoint's provider.
public enum LLMClients {
  /// The client speaking `endpoint.provider`'s protocol over `transport`; `onWait` hears the
  /// seconds left while a retry waits.
  public static func client(
    for endpoint: LLMEndpoint, transport: any HTTPTransport,
    sleep: @escaping @Sendable (Duration) async -> Void = { try? await Task.sleep(for: $0) },
    onWait: (@Sendable (Int) -> Void)? = nil
  ) -> any LLMClient {
    switch endpoint.provider {
    case .openai: return StreamingLLMClient(transport: transport, format: OpenAIFormat(), endpoint: endpoint, sleep: sleep, onWait: onWait)
    case .anthropic: return StreamingLLMClient(transport: transport, format: AnthropicFormat(), endpoint: endpoint, sleep: sleep, onWait: onWait)
    case .ollama: return StreamingLLMClient(transport: transport, format: OllamaFormat(), endpoint: endpoint, sleep: sleep, onWait: onWait)
    }
  }
}
