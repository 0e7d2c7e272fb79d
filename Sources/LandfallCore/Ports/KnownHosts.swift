/// Host keys pinned on first use, one line per server: `[host]:port type SHA256:fingerprint`.
public struct KnownHosts: Sendable, Equatable {
  /// What a pinned list says about an offered key.
  public enum Verdict: Sendable, Equatable {
    /// Nothing pinned yet: pin this one.
    case firstUse
    /// The pinned key.
    case matches
    /// A different key than the pinned `expected`.
    case mismatch(expected: String)
  }

  public private(set) var lines: [String]

  /// Parses the file's text.
  public init(text: String) {
    lines = text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty }
  }

  static func key(host: String, port: Int) -> String { "[\(host)]:\(port)" }

  /// Checks `fingerprint` for host:port.
  public func verdict(host: String, port: Int, fingerprint: String) -> Verdict {
    let key = Self.key(host: host, port: port)
    guard let line = lines.first(where: { $0.hasPrefix(key + " ") }) else { return .firstUse }
    let pinned = line.split(separator: " ").last.map(String.init) ?? ""
    return pinned == fingerprint ? .matches : .mismatch(expected: pinned)
  }

  /// Pins `fingerprint` for host:port.
  public mutating func pin(host: String, port: Int, type: String, fingerprint: String) {
    let key = Self.key(host: host, port: port)
    lines.removeAll { $0.hasPrefix(key + " ") }
    lines.append("\(key) \(type) \(fingerprint)")
  }

  /// The file's text.
  public var text: String { lines.map { $0 + "\n" }.joined() }
}
