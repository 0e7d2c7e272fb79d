public import LandfallCore

/// HTTPS as a VM with a valid certificate answers it, for the sandbox and evals: every request
/// gets `status` and a certificate for the host in its URL, valid for 90 days from `now`.
public struct FakeHTTPSTransport: HTTPTransport {
  private let status: Int
  private let now: Double

  /// A transport answering `status`, with certificates issued at `now` (seconds since 1970).
  public init(status: Int = 200, now: Double) {
    self.status = status
    self.now = now
  }

  public func send(_ request: HTTPRequest) async throws(HTTPError) -> HTTPResponse {
    let afterScheme = request.url.split(separator: "/", omittingEmptySubsequences: true).dropFirst().first ?? ""
    let host = String(afterScheme.split(separator: ":").first ?? "")
    var response = HTTPResponse(status: status, headers: [], body: AsyncThrowingStream { $0.finish() })
    response.certificates = [
      HTTPCertificate(subject: "CN=\(host)", issuer: "CN=Fake Intermediate", names: [host], notAfter: now + 90 * 86_400)
    ]
    return response
  }
}
