public import LandfallCore
public import LandfallModel

/// `phase6_confirm`: the domain is served only by the VM (authoritative and recursive answers,
/// HTTPS with the app's health) and the Fly app is still at zero.
public struct Phase6ConfirmTool: Tool {
  let settings: CutoverSettings

  public var spec: ToolSpec {
    ToolSpec(
      name: "phase6_confirm",
      description: "Confirm the cutover: authoritative and recursive DNS answer only the VM's address, HTTPS to the VM passes (chain, names, expiry, health path), and the Fly app has no running Machines. Read-only.",
      inputSchema: Schema.object([
        ("domain", Schema.string("the domain")), ("address", Schema.string("the VM's public address")),
        ("path", Schema.string("the app's health path, default /")), ("caFile", Schema.string("trusted roots (PEM); the system's when omitted")),
        ("authoritative", Schema.string("an authoritative DNS server as HOST:PORT; found through NS records when omitted")),
        ("resolver", Schema.string("a recursive resolver as HOST:PORT; the system's when omitted")),
        ("port", Schema.integer("HTTPS port, default 443", minimum: 1)),
      ], required: ["domain", "address"]),
      effect: .read)
  }

  public func run(_ arguments: JSONValue, context: ToolContext) async throws(ToolFailure) -> ToolOutput {
    let dnsArguments: JSONValue = .object(
      [("name", arguments["domain"] ?? .null), ("expect", arguments["address"] ?? .null)]
        + ["authoritative", "resolver"].compactMap { key in arguments[key].map { (key, $0) } })
    let dns = try await DNSCheckTool.observe(dnsArguments, settings: settings)
    let https = try await VerifyHTTPSTool.check(arguments, settings: settings)
    let fly = try await FlyStatusTool.observe(settings.fly)
    let confirmed = dns.authoritative.match && dns.recursive.match && https.passed && fly.atZero
    let verdict = confirmed
      ? "Confirmed: only the VM serves \(https.url) and Fly is at zero. Keep the offline copy, then decide about the decommission plan."
      : "Not confirmed yet: see the lines above."
    return ToolOutput(
      [dns.text, https.summary, fly.text, verdict].joined(separator: "\n"),
      facts: dns.facts + [.httpsVerified(https.passed), fly.atZero ? .flyObservedAtZero : .flyRunning, .cutoverConfirmed(confirmed)],
      isError: !confirmed)
  }
}
