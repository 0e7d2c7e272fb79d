public import LandfallCore

/// What one HTTPS request to the domain, pinned to the VM's address, showed.
public struct HTTPSCheckResult: Sendable, Equatable {
  public var url: String
  public var address: String
  /// The HTTP status of the health path; `nil` when no response came.
  public var status: Int?
  /// The chain led to a trusted root and the certificate names the domain (libcurl verified both).
  public var verified: Bool
  /// The leaf certificate's DNS names and end of validity (seconds since 1970).
  public var names: [String]
  public var notAfter: Double?
  /// Whole days of validity left.
  public var daysLeft: Int?
  /// Why the check failed, for a person; `nil` when it passed.
  public var problem: String?

  /// True when every part passed.
  public var passed: Bool { problem == nil }

  /// A few lines for a person or the model.
  public var summary: String {
    var lines = ["HTTPS \(url) pinned to \(address): \(passed ? "passed" : "FAILED")"]
    if let status { lines.append("health path answered HTTP \(status)") }
    if !names.isEmpty { lines.append("certificate names: \(names.joined(separator: ", "))") }
    if let daysLeft { lines.append("certificate valid for \(daysLeft) more day(s)") }
    if let problem { lines.append("problem: \(problem)") }
    return lines.joined(separator: "\n")
  }
}

/// The HTTPS check from the person's machine: the chain against a CA bundle, the names, the
/// expiry and the app's health path, with the domain pinned to the VM's address.
public enum HTTPSCheck {
  /// Requests `https://domain:port/path` at `address` and checks the answer.
  public static func run(
    domain: String, address: String, port: Int = 443, path: String = "/", trustedCertificates: String?, minimumDays: Int = 14,
    now: Double, transport: any HTTPTransport
  ) async -> HTTPSCheckResult {
    let url = "https://\(domain)\(port == 443 ? "" : ":\(port)")\(path)"
    let pinnedAddress = address.contains(":") ? "[\(address)]" : address
    var request = HTTPRequest(method: "GET", url: url, connectTimeout: .seconds(10), idleTimeout: .seconds(20))
    request.pinnedAddresses = ["\(domain):\(port):\(pinnedAddress)"]
    request.trustedCertificates = trustedCertificates
    request.collectCertificates = true
    var result = HTTPSCheckResult(url: url, address: address, status: nil, verified: false, names: [], notAfter: nil, daysLeft: nil, problem: nil)
    let response: HTTPResponse
    do {
      response = try await transport.send(request)
      _ = try? await response.collect(limit: 1 << 20)
    } catch {
      result.problem = explain(error)
      return result
    }
    result.verified = true
    result.status = response.status
    let leaf = response.certificates.first
    result.names = leaf?.names ?? []
    result.notAfter = leaf?.notAfter
    var problems: [String] = []
    if let notAfter = leaf?.notAfter {
      let days = Int(((notAfter - now) / 86_400).rounded(.down))
      result.daysLeft = days
      if days < minimumDays { problems.append("the certificate expires in \(days) day(s), fewer than \(minimumDays)") }
    } else {
      problems.append("the certificate's expiry could not be read")
    }
    if !result.names.contains(where: { covers($0, domain) }) {
      problems.append("the certificate does not name \(domain) (it names \(result.names.joined(separator: ", ")))")
    }
    if !(200..<400).contains(response.status) { problems.append("the health path \(path) answered HTTP \(response.status)") }
    result.problem = problems.isEmpty ? nil : problems.joined(separator: "; ")
    return result
  }

  /// True when the certificate name `pattern` (possibly `*.example.com`) covers `domain`.
  static func covers(_ pattern: String, _ domain: String) -> Bool {
    let pattern = pattern.lowercased()
    let domain = domain.lowercased()
    guard pattern.hasPrefix("*.") else { return pattern == domain }
    guard let dot = domain.firstIndex(of: ".") else { return false }
    return domain[domain.index(after: dot)...] == pattern.dropFirst(2)
  }

  private static func explain(_ error: HTTPError) -> String {
    guard case .connection(_, let reason) = error else { return error.description }
    let lowered = reason.lowercased()
    if lowered.contains("subject name") || lowered.contains("host name") || lowered.contains("does not match") {
      return "the certificate does not name this domain: \(reason)"
    }
    if lowered.contains("certificate") || lowered.contains("issuer") || lowered.contains("ssl") {
      return "the certificate chain is not trusted: \(reason)"
    }
    return "no HTTPS connection to the VM: \(reason)"
  }
}
