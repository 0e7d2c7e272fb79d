public import LandfallCore
public import LandfallModel

/// An `LLMClient` for any `ChatWireFormat` over an `HTTPTransport`, with retries: 429 and 5xx
/// answers and dropped connections are retried with exponential backoff (honouring
/// `Retry-After` up to `maximumRetryAfter`, counting the wait down through `onWait`), an empty
/// answer once. Text already shown from a failed attempt is not shown again by the retry.
public struct StreamingLLMClient<Format: ChatWireFormat>: LLMClient {
  private let transport: any HTTPTransport
  private let format: Format
  private let endpoint: LLMEndpoint
  private let maxAttempts: Int
  private let sleep: @Sendable (Duration) async -> Void
  private let onWait: (@Sendable (Int) -> Void)?
  /// The longest `Retry-After` honoured; a longer one ends the request with an error.
  public static var maximumRetryAfter: Duration { .seconds(60) }

  /// A client; `sleep` waits between attempts (tests pass a recorder). `onWait`, when given,
  /// hears the seconds left before a retry, once a second, and the wait is slept in seconds.
  public init(
    transport: any HTTPTransport, format: Format, endpoint: LLMEndpoint, maxAttempts: Int = 4,
    sleep: @escaping @Sendable (Duration) async -> Void = { try? await Task.sleep(for: $0) },
    onWait: (@Sendable (Int) -> Void)? = nil
  ) {
    self.transport = transport
    self.format = format
    self.endpoint = endpoint
    self.maxAttempts = maxAttempts
    self.sleep = sleep
    self.onWait = onWait
  }

  public func complete(_ request: CompletionRequest, onText: @escaping @Sendable (String) -> Void) async throws(LLMError)
    -> CompletionResponse
  {
    var emptyRetried = false
    var attempt = 0
    var screen = ShownText()
    while true {
      attempt += 1
      if Task.isCancelled { throw .cancelled }
      screen.startAttempt()
      let outcome = await once(request, screen: &screen, onText: onText)
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
        if let wait, wait > Self.maximumRetryAfter {
          throw .http(status: 429, body: "the endpoint asked to wait \(wait.components.seconds) s before retrying (Retry-After), longer than the \(Self.maximumRetryAfter.components.seconds) s Landfall waits; try again later")
        }
        await pause(wait ?? backoff(attempt))
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

  private func pause(_ duration: Duration) async {
    guard let onWait else { return await sleep(duration) }
    var left = duration
    while left > .zero {
      onWait(Int((Double(left.components.seconds) + Double(left.components.attoseconds) / 1e18).rounded(.up)))
      let step = min(left, .seconds(1))
      await sleep(step)
      left -= step
      if Task.isCancelled { return }
    }
  }

  private func once(_ request: CompletionRequest, screen: inout ShownText, onText: @escaping @Sendable (String) -> Void) async -> Outcome {
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
        try decoder.feed(chunk) { piece in
          let fresh = screen.fresh(piece)
          if !fresh.isEmpty { onText(fresh) }
        }
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
    guard let text = response.header("retry-after"), let seconds = Double(text.trimmingCharacters(in: " ")), seconds.isFinite else {
      return nil
    }
    return .milliseconds(Int(min(max(seconds, 0), 86_400) * 1000))
  }

  private func backoff(_ attempt: Int) -> Duration {
    .milliseconds(min(500 << (attempt - 1), 8_000))
  }
}

/// What the screen already shows of the answer, so a retried attempt that repeats it shows
/// only what is new; an attempt that says something else starts on a new line.
struct ShownText: Sendable {
  private var shown: [Character] = []
  private var matched = 0
  private var diverged = false

  mutating func startAttempt() {
    matched = 0
    diverged = false
  }

  /// The part of `piece` not on the screen yet.
  mutating func fresh(_ piece: String) -> String {
    var output = ""
    for character in piece {
      if !diverged, matched < shown.count {
        if shown[matched] == character {
          matched += 1
          continue
        }
        diverged = true
        output += "\n"
      }
      output.append(character)
    }
    if !diverged { shown += output }
    return output
  }
}
