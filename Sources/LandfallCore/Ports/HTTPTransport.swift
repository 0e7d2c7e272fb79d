/// One HTTP request.
public struct HTTPRequest: Sendable, Equatable {
  public var method: String
  public var url: String
  public var headers: [HTTPHeader]
  public var body: [UInt8]
  /// How long to wait for the connection.
  public var connectTimeout: Duration
  /// How long the response may go silent (including before the first byte) before it is abandoned.
  public var idleTimeout: Duration
  /// `HOST:PORT:ADDRESS` entries that pin a name to an address instead of asking DNS.
  public var pinnedAddresses: [String] = []
  /// A PEM file of the certificate authorities to trust instead of the system's.
  public var trustedCertificates: String?
  /// Report the server's certificate chain with the response.
  public var collectCertificates = false

  /// Creates a request.
  public init(
    method: String = "POST", url: String, headers: [HTTPHeader] = [], body: [UInt8] = [],
    connectTimeout: Duration = .seconds(10), idleTimeout: Duration = .seconds(120)
  ) {
    self.method = method
    self.url = url
    self.headers = headers
    self.body = body
    self.connectTimeout = connectTimeout
    self.idleTimeout = idleTimeout
  }
}

/// A header; values holding credentials never reach a log.
public struct HTTPHeader: Sendable, Equatable {
  public var name: String
  public var value: String

  /// Creates a header.
  public init(_ name: String, _ value: String) {
    self.name = name
    self.value = value
  }
}

/// A response whose body arrives as it is sent.
public struct HTTPResponse: Sendable {
  public var status: Int
  public var headers: [HTTPHeader]
  /// Body chunks; iterating to the end completes the transfer, dropping the iterator aborts it.
  public var body: AsyncThrowingStream<[UInt8], any Error>
  /// The server's certificate chain, leaf first, when the request asked for it over HTTPS.
  public var certificates: [HTTPCertificate] = []

  /// Creates a response.
  public init(status: Int, headers: [HTTPHeader], body: AsyncThrowingStream<[UInt8], any Error>) {
    self.status = status
    self.headers = headers
    self.body = body
  }

  /// The first header called `name` (any case).
  public func header(_ name: String) -> String? {
    headers.first { $0.name.lowercased() == name.lowercased() }?.value
  }

  /// The whole body, up to `limit` bytes.
  public func collect(limit: Int = 16 << 20) async throws -> [UInt8] {
    var bytes: [UInt8] = []
    for try await chunk in body {
      bytes += chunk
      if bytes.count > limit { throw HTTPError.tooLarge(limit: limit) }
    }
    return bytes
  }
}

/// One certificate of a server's chain, as the TLS library described it.
public struct HTTPCertificate: Sendable, Equatable {
  public var subject: String
  public var issuer: String
  /// The DNS names of the subject alternative name extension.
  public var names: [String]
  /// The end of validity, in seconds since 1970; `nil` when it could not be read.
  public var notAfter: Double?

  /// Creates a certificate description.
  public init(subject: String, issuer: String, names: [String], notAfter: Double?) {
    self.subject = subject
    self.issuer = issuer
    self.names = names
    self.notAfter = notAfter
  }
}

/// Why an HTTP exchange failed before or during the response.
public enum HTTPError: Error, Sendable, Equatable, CustomStringConvertible {
  /// No connection (refused, DNS, TLS, connect timeout).
  case connection(url: String, reason: String)
  /// The connection broke or went silent mid-response.
  case interrupted(reason: String)
  /// The request was cancelled.
  case cancelled
  /// The body exceeded what the caller accepts.
  case tooLarge(limit: Int)

  public var description: String {
    switch self {
    case .connection(let url, let reason): return "\(url): \(reason)"
    case .interrupted(let reason): return "the response was cut off: \(reason)"
    case .cancelled: return "cancelled"
    case .tooLarge(let limit): return "the response is larger than \(limit) bytes"
    }
  }
}

/// Sends HTTP requests and streams their responses.
///
/// Live: `CurlHTTPTransport` (LandfallTransport). Tests: a loopback server from LandfallRigs.
public protocol HTTPTransport: Sendable {
  /// Sends `request` and returns once the status line and headers have arrived.
  func send(_ request: HTTPRequest) async throws(HTTPError) -> HTTPResponse
}
