public import LandfallCore
public import LandfallModel

/// An `LLMClient` for any `ChatWireFormat` over an `HTTPTransport`, with retries: 429 and 5xx
/// answers and dropped connections are retried with exponential backoff (honouring
/// `Retry-After`), an empty answer once.
public struct StreamingLLMClient<Format: ChatWireFormat>: LLMClient {
  private let transport: any HTTPTransport
  private let format: Format
  private let endpoint: LLMEndpoint
  private let maxAttempts: Int
  private let sleep: @Sendable (Duration) async -> Void

  /// A client; `sleep` waits between attempts (tests pass a recorder).
  public init(
    transport: any HTTPTransport, format: Format, endpoint: LLMEndpoint, maxAttempts: Int = 4,
    sleep: @escaping @Sendable (Duration) async -> Void = { try? await Task.sleep(for: $0) }
  ) {
    self.transport = transport
    self.format = format
    self.endpoint = endpoint
    self.maxAttempts = maxAttempts
    self.sleep = sleep
  }

  public func complete(_ request: CompletionRequest, onText: @escaping @Sendable (String) -> Void) async throws(LLMError)
    -> CompletionResponse
  {
    var emptyRetried = false
    var attempt = 0
    while true {
      attempt += 1
      if Task.isCancelled { throw .cancelled }
      let outcome = await once(request, onText: onText)
      switch outcome {
      case .success(let response):
        if response.text.isEmpty, response.toolCalls.isEmpty {
          if emptyRetried { throw .emptyResponse }
          emptyRetried = true
          continue
        }
        return response
      case .retry(let error, let wait):
        guard attempt < maxAttempts else { throw error }
        await sleep(wait ?? backoff(attempt))
      case .fail(let error):
        throw error
      }
    }
  }

  private enum Outcome {
    case success(CompletionResponse)
    case retry(LLMError, after: Duration?)
    case fail(LLMError)
  }

  private func once(_ request: CompletionRequest, onText: @escaping @Sendable (String) -> Void) async -> Outcome {
    let http = format.httpRequest(for: request, endpoint: endpoint)
    let response: HTTPResponse
    do {
      response = try await transport.send(http)
    } catch {
      switch error {
      case .cancelled: return .fail(.cancelled)
      case .connection(let url, let reason): return .retry(.unreachable(url: url, reason: reason), after: nil)
      case .interrupted(let reason): return .retry(.unreachable(url: http.url, reason: reason), after: nil)
      case .tooLarge: return .fail(.decoding(error.description))
      }
    }
    switch response.status {
    case 200..<300:
      break
    case 401, 403:
      return .fail(.unauthorized(status: response.status, keyVariable: endpoint.keyVariable))
    case 429:
      return .retry(.rateLimited(afterAttempts: maxAttempts), after: retryAfter(response))
    case 500..<600, 408:
      let body = (try? await response.collect(limit: 64 << 10)).map { String(decoding: $0, as: UTF8.self) } ?? ""
      return .retry(.http(status: response.status, body: body), after: retryAfter(response))
    default:
      let body = (try? await response.collect(limit: 64 << 10)).map { String(decoding: $0, as: UTF8.self) } ?? ""
      return .fail(.http(status: response.status, body: body))
    }
    var decoder = format.makeDecoder(knownTools: Set(request.tools.map(\.name)))
    do {
      for try await chunk in response.body {
        try decoder.feed(chunk, onText: onText)
      }
      return .success(try decoder.finish())
    } catch let error as LLMError {
      return error == .cancelled ? .fail(error) : .retry(error, after: nil)
    } catch let error as HTTPError {
      if error == .cancelled { return .fail(.cancelled) }
      return .retry(.unreachable(url: http.url, reason: error.description), after: nil)
    } catch {
      return .retry(.decoding(String(describing: error)), after: nil)
    }
  }

  private func retryAfter(_ response: HTTPResponse) -> Duration? {
    guard let text = response.header("retry-after"), let seconds = Double(text.trimmingCharacters(in: " ")) else { return nil }
    return .milliseconds(Int(min(max(seconds, 0), 60) * 1000))
  }

  private func backoff(_ attempt: Int) -> Duration {
    .milliseconds(min(500 << (attempt - 1), 8_000))
  }
}
