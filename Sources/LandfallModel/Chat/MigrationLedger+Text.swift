extension MigrationLedger {
  /// The ledger as a few lines for the system prompt and `/state`; empty when nothing happened yet.
  public var summary: String {
    var lines: [String] = []
    for resource in resources {
      let cost = resource.monthlyUSD.map { ", \(Self.dollars($0))/month" } ?? ""
      lines.append("Created: \(resource.tool) \(resource.name.map { "\(Self.shown($0)) " } ?? "")(id \(Self.shown(resource.id)))\(cost)")
    }
    if committedMonthlyUSD > 0 { lines.append("Committed cost: \(Self.dollars(committedMonthlyUSD))/month") }
    if !keyPaths.isEmpty { lines.append("Key files: " + keyPaths.joined(separator: ", ")) }
    if !vmAddresses.isEmpty { lines.append("VM addresses the cloud reported: " + vmAddresses.joined(separator: ", ")) }
    if let frozenAt {
      lines.append(flyRunningSinceFreeze ? "Fly: last observed at zero at \(frozenAt), running again since" : "Fly: last observed at zero at \(frozenAt)")
    }
    if let finalCopyAt { lines.append("Final data copy: taken at \(finalCopyAt)") }
    if let verified { lines.append("Data verification: \(verified.match ? "matched" : "DIFFERED") at \(verified.at)") }
    if let healthy { lines.append("Health through nginx: \(healthy.passed ? "passed" : "failed") at \(healthy.at)") }
    if let dnsPointsAt { lines.append("DNS: the domain answers \(dnsPointsAt)") }
    if certificateIssued { lines.append("TLS: certificate issued" + (httpsVerified.map { $0 ? ", HTTPS verified" : ", HTTPS check failed" } ?? "")) }
    if cutoverConfirmed { lines.append("Cutover: confirmed") }
    if offlineCopySaved { lines.append("Offline copy: saved on this machine") }
    return lines.joined(separator: "\n")
  }

  /// A name or id from a cloud result as the prompt may carry it: one line of at most 64 plain
  /// characters, so text slipped into a result cannot ride along in every prompt.
  static func shown(_ text: String) -> String {
    let plain = text.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil)) || "._-:".unicodeScalars.contains($0) }
    return plain && text.count <= 64 ? text : "\"(a name Landfall does not repeat)\""
  }

  /// `$12.34`.
  static func dollars(_ value: Double) -> String {
    let cents = Int((value * 100).rounded())
    let rest = cents % 100
    return "$\(cents / 100).\(rest < 10 ? "0" : "")\(rest)"
  }

  /// The ledger as JSON, as the transcript store keeps it in `session_state`.
  public var json: JSONValue {
    .object([
      ("app", .string(app)),
      ("resources", .array(resources.map { resource in
        .object([
          ("tool", .string(resource.tool)), ("id", .string(resource.id)), ("name", .string(resource.name)),
          ("monthlyUSD", resource.monthlyUSD.map(JSONValue.double) ?? .null),
        ])
      })),
      ("keyPaths", .strings(keyPaths)), ("vmAddresses", .strings(vmAddresses)), ("committedMonthlyUSD", .double(committedMonthlyUSD)),
      ("frozenAt", .string(frozenAt)), ("flyRunningSinceFreeze", .bool(flyRunningSinceFreeze)), ("finalCopyAt", .string(finalCopyAt)),
      ("verified", verified.map { .object([("match", .bool($0.match)), ("at", .string($0.at))]) } ?? .null),
      ("healthy", healthy.map { .object([("passed", .bool($0.passed)), ("at", .string($0.at))]) } ?? .null),
      ("dnsPointsAt", .string(dnsPointsAt)), ("certificateIssued", .bool(certificateIssued)),
      ("httpsVerified", httpsVerified.map(JSONValue.bool) ?? .null), ("cutoverConfirmed", .bool(cutoverConfirmed)),
      ("offlineCopySaved", .bool(offlineCopySaved)),
    ])
  }
}
