public import LandfallCore
public import LandfallModel

/// Passes every request to another client and keeps a copy, so what a live model was shown can
/// be graded afterwards.
public actor RecordingLLMClient: LLMClient {
  private let inner: any LLMClient
  public private(set) var requests: [CompletionRequest] = []

  /// A client recording what it forwards to `inner`.
  public init(_ inner: any LLMClient) {
    self.inner = inner
  }

  public func complete(_ request: CompletionRequest, onText: @escaping @Sendable (String) -> Void) async throws(LLMError)
    -> CompletionResponse
  {
    requests.append(request)
    return try await inner.complete(request, onText: onText)
  }
}
