public import LandfallCore
public import LandfallModel

/// `verify_https`: from this machine, HTTPS to the domain pinned to the VM's address, checking
/// the chain, the names, the expiry and the app's health path.
public struct VerifyHTTPSTool: Tool {
  let settings: CutoverSettings

  public var spec: ToolSpec {
    ToolSpec(
      name: "verify_https",
      description: "From this machine, request https://DOMAIN/PATH at the VM's address (whatever DNS says) and check the certificate chain, its names, its expiry and the health path. Read-only.",
      inputSchema: Self.schema, effect: .read)
  }

  static let schema = Schema.object([
    ("domain", Schema.string("the domain the certificate is for")), ("address", Schema.string("the VM's public address")),
    ("path", Schema.string("the app's health path, default /")), ("port", Schema.integer("HTTPS port, default 443", minimum: 1)),
    ("caFile", Schema.string("a PEM bundle of trusted roots on this machine; the system's when omitted")),
    ("minimumDays", Schema.integer("fail when the certificate expires sooner, default 14", minimum: 0)),
  ], required: ["domain", "address"])

  public func run(_ arguments: JSONValue, context: ToolContext) async throws(ToolFailure) -> ToolOutput {
    let result = try await Self.check(arguments, settings: settings)
    return ToolOutput(result.summary, facts: [.httpsVerified(result.passed)], isError: !result.passed)
  }

  /// Runs the check for `arguments` (domain, address, path, port, caFile, minimumDays).
  static func check(_ arguments: JSONValue, settings: CutoverSettings) async throws(ToolFailure) -> HTTPSCheckResult {
    let domain = arguments["domain"]?.stringValue ?? ""
    let address = arguments["address"]?.stringValue ?? ""
    let path = arguments["path"]?.stringValue ?? "/"
    guard DomainName.isValid(domain) else { throw .invalidArguments("domain must be a DNS name such as app.example.com") }
    guard IPAddress(address) != nil else { throw .invalidArguments("address must be the VM's IPv4 or IPv6 address") }
    guard path.hasPrefix("/"), !path.contains(where: { $0.isWhitespace }) else { throw .invalidArguments("path must start with / and have no spaces") }
    return await HTTPSCheck.run(
      domain: domain, address: address, port: arguments["port"]?.intValue ?? 443, path: path, trustedCertificates: arguments["caFile"]?.stringValue,
      minimumDays: arguments["minimumDays"]?.intValue ?? 14, now: settings.now(), transport: settings.transport)
  }
}

/// Domain names as tools accept them: letters, digits, hyphens and dots.
enum DomainName {
  /// True for a name such as `app.example.com` (no empty label, at most 253 characters).
  static func isValid(_ name: String) -> Bool {
    let labels = name.split(separator: ".", omittingEmptySubsequences: false)
    return labels.count >= 2 && name.count <= 253
      && labels.allSatisfy { label in
        !label.isEmpty && label.count <= 63 && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
      }
  }
}
