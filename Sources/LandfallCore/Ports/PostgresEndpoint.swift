/// Where a PostgreSQL database lives, parsed from a `postgres://` URL.
///
/// The password is kept apart so it can travel in libpq's parameters or `PGPASSWORD`, and every
/// message that shows the address uses `redacted`.
public struct PostgresEndpoint: Sendable, Equatable {
  public var host: String
  public var port: Int
  public var database: String
  public var user: String
  public var password: String?
  /// Other libpq keywords from the URL's query, e.g. `sslmode=require`.
  public var options: [String: String]

  /// libpq keywords a URL's query may set, with the environment variable each maps to.
  public static let optionVariables: [String: String] = [
    "sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT", "sslcert": "PGSSLCERT", "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT", "options": "PGOPTIONS", "target_session_attrs": "PGTARGETSESSIONATTRS",
    "gssencmode": "PGGSSENCMODE", "channel_binding": "PGCHANNELBINDING",
  ]

  /// Creates an endpoint from its parts.
  public init(host: String, port: Int = 5432, database: String, user: String, password: String? = nil, options: [String: String] = [:]) {
    self.host = host
    self.port = port
    self.database = database
    self.user = user
    self.password = password
    self.options = options
  }

  /// Parses `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?KEY=VALUE&...]`.
  public init(url text: String) throws(PostgresError) {
    var rest = Substring(text)
    guard let scheme = ["postgresql://", "postgres://"].first(where: { text.hasPrefix($0) }) else {
      throw .invalidURL("it must start with postgres:// or postgresql://")
    }
    rest = rest.dropFirst(scheme.count)
    var query = Substring("")
    if let mark = rest.firstIndex(of: "?") {
      query = rest[rest.index(after: mark)...]
      rest = rest[..<mark]
    }
    var path = Substring("")
    if let slash = rest.firstIndex(of: "/") {
      path = rest[rest.index(after: slash)...]
      rest = rest[..<slash]
    }
    var userInfo: Substring?
    if let at = rest.lastIndex(of: "@") {
      userInfo = rest[..<at]
      rest = rest[rest.index(after: at)...]
    }
    var hostPart = rest
    var portText: Substring?
    if hostPart.hasPrefix("["), let close = hostPart.firstIndex(of: "]") {
      let afterBracket = hostPart[hostPart.index(after: close)...]
      if afterBracket.hasPrefix(":") { portText = afterBracket.dropFirst() }
      hostPart = hostPart[hostPart.index(after: hostPart.startIndex)..<close]
    } else if let colon = hostPart.lastIndex(of: ":") {
      portText = hostPart[hostPart.index(after: colon)...]
      hostPart = hostPart[..<colon]
    }
    if hostPart.contains(",") { throw .invalidURL("several hosts are not supported; give one") }
    host = try Self.decode(hostPart)
    port = 5432
    if let portText, !portText.isEmpty { port = try Self.port(portText) }
    user = "postgres"
    password = nil
    if let userInfo {
      if let colon = userInfo.firstIndex(of: ":") {
        user = try Self.decode(userInfo[..<colon])
        password = try Self.decode(userInfo[userInfo.index(after: colon)...])
      } else {
        user = try Self.decode(userInfo)
      }
    }
    database = path.isEmpty ? user : try Self.decode(path)
    options = [:]
    for pair in query.split(separator: "&") where !pair.isEmpty {
      let parts = pair.split(separator: "=", maxSplits: 1)
      let key = try Self.decode(parts[0])
      let value = parts.count > 1 ? try Self.decode(parts[1]) : ""
      switch key {
      case "host": host = value
      case "port": port = try Self.port(value)
      case "user": user = value
      case "password": password = value
      case "dbname": database = value
      default:
        guard Self.optionVariables[key] != nil else {
          throw .invalidURL("a query parameter is not one libpq takes here (\(Self.optionVariables.keys.sorted().joined(separator: ", ")))")
        }
        options[key] = value
      }
    }
    if host.isEmpty { throw .invalidURL("no host") }
  }

  /// A port from 1 to 65535. The message does not quote the text: a URL can hold a secret, and
  /// one that fails to parse is no place to show it.
  private static func port<Text: StringProtocol>(_ text: Text) throws(PostgresError) -> Int {
    guard let number = Int(text), (1...65535).contains(number) else { throw .invalidURL("the port is not a number from 1 to 65535") }
    return number
  }

  /// Whether the server is on this machine's loopback.
  public var isLoopback: Bool { ["127.0.0.1", "localhost", "::1"].contains(host) }

  /// `HOST:PORT`, for messages.
  public var server: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

  /// The URL with any password replaced by `***`, safe to print.
  public var redacted: String {
    let credentials = password == nil ? user : user + ":***"
    let query = options.keys.sorted().map { "\($0)=\(options[$0] ?? "")" }.joined(separator: "&")
    return "postgres://\(credentials)@\(server)/\(database)" + (query.isEmpty ? "" : "?" + query)
  }

  /// The same server with another database.
  public func with(database name: String) -> PostgresEndpoint {
    var copy = self
    copy.database = name
    return copy
  }

  /// libpq connection keywords and values, password included (never shown).
  public var connectionParameters: [(key: String, value: String)] {
    var pairs: [(key: String, value: String)] = [
      ("host", host), ("port", String(port)), ("dbname", database), ("user", user),
    ]
    if let password { pairs.append(("password", password)) }
    for key in options.keys.sorted() { pairs.append((key, options[key] ?? "")) }
    return pairs
  }

  /// Environment for libpq programs (`pg_dump`, `psql`): the password goes in `PGPASSWORD`,
  /// never in their arguments.
  public var environment: [String: String] {
    var variables = ["PGHOST": host, "PGPORT": String(port), "PGDATABASE": database, "PGUSER": user]
    if let password { variables["PGPASSWORD"] = password }
    for (key, value) in options { if let name = Self.optionVariables[key] { variables[name] = value } }
    return variables
  }

  /// `text` with the password (and its URL-encoded form) replaced by `***`.
  public func redact(_ text: String) -> String {
    guard let password, !password.isEmpty else { return text }
    var result = text.replacingAll(password, with: "***")
    if let encoded = password.addingPercentEncodingForURL(), encoded != password {
      result = result.replacingAll(encoded, with: "***")
    }
    return result
  }

  private static func decode(_ text: Substring) throws(PostgresError) -> String {
    var bytes: [UInt8] = []
    var index = text.utf8.startIndex
    let utf8 = text.utf8
    while index < utf8.endIndex {
      let byte = utf8[index]
      if byte == UInt8(ascii: "%") {
        let first = utf8.index(after: index)
        guard first < utf8.endIndex, utf8.index(after: first) < utf8.endIndex,
          let high = hexValue(utf8[first]), let low = hexValue(utf8[utf8.index(after: first)])
        else { throw .invalidURL("a broken %-escape") }
        bytes.append(high << 4 | low)
        index = utf8.index(first, offsetBy: 2)
      } else {
        bytes.append(byte)
        index = utf8.index(after: index)
      }
    }
    guard let decoded = String(validating: bytes, as: UTF8.self) else { throw .invalidURL("a %-escape that is not UTF-8") }
    return decoded
  }

  private static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
    default: return nil
    }
  }
}

extension String {
  fileprivate func replacingAll(_ target: String, with replacement: String) -> String {
    guard !target.isEmpty else { return self }
    var result = ""
    var rest = self[...]
    while let range = rest.firstRange(of: target) {
      result += rest[..<range.lowerBound]
      result += replacement
      rest = rest[range.upperBound...]
    }
    return result + rest
  }

  fileprivate func addingPercentEncodingForURL() -> String? {
    let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)
    var out = ""
    for byte in utf8 {
      if unreserved.contains(byte) { out.unicodeScalars.append(Unicode.Scalar(byte)) } else { out += "%" + String(byte, radix: 16, uppercase: true).leftPadded() }
    }
    return out
  }

  fileprivate func leftPadded() -> String { count == 1 ? "0" + self : self }
}
