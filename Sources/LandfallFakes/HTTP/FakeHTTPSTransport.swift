public import LandfallCore

/// HTTPS as a VM with a valid certificate answers it, for the sandbox and evals: every request
/// gets `status` and a certificate for the host in its URL, valid for 90 days from `now`. With
/// `serves`, only hosts it says have a certificate installed answer; the others fail the TLS
/// handshake the way nginx's default certificate would.
public struct FakeHTTPSTransport: HTTPTransport {
  private let status: Int
  private let now: Double
  private let serves: (@Sendable (String) async -> Bool)?

  /// A transport answering `status`, with certificates issued at `now` (seconds since 1970), for
  /// every host or only those `serves` accepts (usually the fake host's issued certificates).
  public init(status: Int = 200, now: Double, serves: (@Sendable (String) async -> Bool)? = nil) {
    self.status = status
    self.now = now
    self.serves = serves
  }

  public func send(_ request: HTTPRequest) async throws(HTTPError) -> HTTPResponse {
    let afterScheme = request.url.split(separator: "/", omittingEmptySubsequences: true).dropFirst().first ?? ""
    let host = String(afterScheme.split(separator: ":").first ?? "")
    if let serves, !(await serves(host)) {
      throw .connection(url: request.url, reason: "SSL: no alternative certificate subject name matches target host name '\(host)'")
    }
    var response = HTTPResponse(status: status, headers: [], body: AsyncThrowingStream { $0.finish() })
    response.certificates = [
      HTTPCertificate(subject: "CN=\(host)", issuer: "CN=Fake Intermediate", names: [host], notAfter: now + 90 * 86_400)
    ]
    return response
  }
}
