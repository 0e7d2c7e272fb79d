public import LandfallModel
internal import LandfallPolicy

/// What a call will do, in words a person can judge before approving it: per tool, what
/// changes and what follows; warnings for ports opened to the whole internet; read-only calls
/// never described as changes.
public struct ApprovalWording: Sendable, Equatable {
  /// What the call does, in one or two sentences (`nil` when the tool has no wording).
  public var effect: String?
  /// Things the person should know before saying yes.
  public var warnings: [String]
  /// True when the call only looks; reasons saying it changes something are then dropped.
  public var readOnly: Bool

  /// The wording for `tool` called with `arguments`.
  public static func describe(tool: String, arguments: JSONValue) -> ApprovalWording {
    var wording = ApprovalWording(effect: nil, warnings: [], readOnly: false)
    let text = { (key: String) in field(arguments, key) }
    switch tool {
    case "fly_scale":
      let group = text("group") ?? "app"
      let count = arguments["count"]?.intValue ?? -1
      wording.effect = count == 0
        ? "Scales the live Fly app's \(group) machines to zero: the app stops serving on Fly. This starts the outage; it lasts until DNS points at the new server."
        : "Sets the live Fly app's \(group) group to \(count) machine\(count == 1 ? "" : "s")."
    case "host_exec":
      let command = text("command") ?? ""
      if case .readOnly = ReadOnlyCommand.judge(command) {
        wording.readOnly = true
        wording.effect = "Runs a read-only inspection on the server (\(command)); nothing is changed."
      } else {
        wording.effect = "Runs this command on the server as written, with the login's rights: \(command)"
      }
    case "generate_ssh_key":
      wording.effect = "Creates a new SSH key pair on this computer (the private key stays here, readable only by you)."
    case "create_ssh_key":
      wording.effect = "Registers the SSH public key \(text("name") ?? "") with the cloud account, so new servers can accept it."
    case "create_vm":
      wording.effect = vmEffect(arguments)
      wording.warnings = openPortWarnings(
        ports: (arguments["networkAccess"]?["inboundPorts"]?.arrayValue ?? []).compactMap { $0["port"]?.intValue },
        source: arguments["networkAccess"]?["sourceCidr"]?.stringValue)
      if let userdata = text("userdata"), !userdata.isEmpty { wording.warnings.append(userdataWarning(userdata)) }
    case "create_firewall_rule", "create_egress_rule":
      let start = arguments["startPort"]?.intValue
      let end = arguments["endPort"]?.intValue ?? start
      let range = start.map { $0...max($0, end ?? $0) } ?? 1...65_535
      let ports = privatePorts.keys.filter { range.contains($0) }
      let source = text("sourceCidrList")
      wording.effect = "Opens \(portsText(start, end)) (\(text("protocol") ?? "TCP")) to \(sourceText(source))."
      if tool == "create_firewall_rule" { wording.warnings = openPortWarnings(ports: ports, source: source) }
    case "create_port_forwarding_rule":
      let port = text("publicPort").flatMap { Int($0) }
      wording.effect = "Forwards public port \(text("publicPort") ?? "?") to port \(text("privatePort") ?? "?") of VM \(text("vmId") ?? "?")."
      wording.warnings = openPortWarnings(ports: port.map { [$0] } ?? [], source: nil)
    case "create_dns_record", "update_dns_record":
      wording.effect = "Points \(text("name") ?? "?") (\(text("type") ?? "?")) at \(text("content") ?? "?"): visitors start reaching that address as caches expire."
    default:
      if tool.hasPrefix("delete_") || tool.hasPrefix("destroy_") || tool.hasPrefix("release_") {
        wording.effect = "Deletes \(tool.split(separator: "_").dropFirst().joined(separator: " ")) \(text("id") ?? text("ruleId") ?? ""); this cannot be undone."
      }
    }
    return wording
  }

  /// The text shown before an approval prompt: the call (once, in full, when `showsCall`),
  /// what it does, warnings and the policy's reasons, with control characters shown rather than
  /// obeyed (`TerminalSafeText`), so the terminal shows the call as it will run.
  public static func question(for request: ApprovalRequest, showsCall: Bool) -> String {
    let arguments = (try? JSONParser.parse(String(request.summary.dropFirst(request.tool.count + 1)))) ?? .object([])
    let wording = describe(tool: request.tool, arguments: arguments)
    var text = "\n"
    if showsCall { text += request.summary + "\n" }
    if let effect = wording.effect { text += effect + "\n" }
    for warning in wording.warnings { text += warning + "\n" }
    for reason in wording.shownReasons(request.reasons) { text += "  - \(reason)\n" }
    if request.kind == .explicit { text += "This costs money or cannot be undone.\n" }
    return TerminalSafeText.visible(text)
  }

  /// `reasons` as they should be shown: a read-only call is never said to change something,
  /// and a call whose effect is described loses the generic "changes something".
  public func shownReasons(_ reasons: [String]) -> [String] {
    guard readOnly || effect != nil else { return reasons }
    return reasons.filter { !($0.hasSuffix(" changes something") && !$0.contains(";")) }
  }

  /// Services that should never face the whole internet, by port.
  static let privatePorts: [Int: String] = [
    5432: "PostgreSQL", 6379: "Redis", 3306: "MySQL", 27017: "MongoDB", 9200: "Elasticsearch", 11211: "memcached",
    2375: "the Docker API", 2379: "etcd",
  ]

  static func openPortWarnings(ports: [Int], source: String?) -> [String] {
    let world = source.map { $0.isEmpty || $0.contains("0.0.0.0/0") || $0.contains("::/0") } ?? true
    guard world else { return [] }
    let exposed = Set(ports).compactMap { port in privatePorts[port].map { (port, $0) } }.sorted { $0.0 < $1.0 }
    return exposed.map { port, service in
      "WARNING: port \(port) (\(service)) would be open to the whole internet (0.0.0.0/0); keep it private or limit the source to known addresses."
    }
  }

  private static func field(_ arguments: JSONValue, _ key: String) -> String? {
    guard let value = arguments[key] else { return nil }
    return value.stringValue ?? JSONWriter.string(value)
  }

  /// The cloud-init script a new VM runs as root on first boot, shown decoded: the model wrote it,
  /// and it runs where the app's secrets will live.
  static func userdataWarning(_ encoded: String) -> String {
    let decoded = Base64Text.decode(encoded).map { String(decoding: $0, as: UTF8.self) }
    guard let decoded else {
      return "WARNING: the VM would run a cloud-init script as root on first boot, and it is not valid base64, so it cannot be shown; decline unless you know what it is."
    }
    let lines = decoded.split(separator: "\n", omittingEmptySubsequences: false)
    let shown = lines.prefix(40).map { "    | " + $0 }.joined(separator: "\n")
    let more = lines.count > 40 ? "\n    | ... \(lines.count - 40) more lines" : ""
    return "WARNING: the VM runs this cloud-init script as root on first boot; the model wrote it, so read it before approving:\n" + shown + more
  }

  private static func vmEffect(_ arguments: JSONValue) -> String {
    let text = { (key: String) in field(arguments, key) }
    var parts = ["Creates the VM \(text("name") ?? "?") (\(text("vmPackage") ?? "?") in \(text("region") ?? "?"), \(text("image") ?? "?")); billing starts at once."]
    if let keys = arguments["keypairs"]?.arrayValue?.compactMap(\.stringValue), !keys.isEmpty {
      parts.append("It accepts logins with the SSH keys \(keys.joined(separator: ", ")).")
    }
    if let access = arguments["networkAccess"] {
      let ports = (access["inboundPorts"]?.arrayValue ?? []).compactMap { $0["port"]?.intValue }.map(String.init)
      if !ports.isEmpty {
        parts.append("It opens port\(ports.count == 1 ? "" : "s") \(ports.joined(separator: ", ")) to \(sourceText(access["sourceCidr"]?.stringValue)).")
      }
      if access["allowEgressAll"]?.boolValue == false { parts.append("It blocks all outbound traffic.") }
    }
    return parts.joined(separator: " ")
  }

  private static func portsText(_ start: Int?, _ end: Int?) -> String {
    guard let start else { return "all ports" }
    guard let end, end != start else { return "port \(start)" }
    return "ports \(start)-\(end)"
  }

  private static func sourceText(_ source: String?) -> String {
    guard let source, !source.isEmpty, source != "0.0.0.0/0" else { return "the whole internet" }
    return source
  }
}
