/// Recognises credentials by their shape when their value is not in the vault: PEM private keys,
/// bearer tokens, passwords in URLs, well-known token prefixes, and high-entropy values assigned
/// to names that say KEY, SECRET, TOKEN or PASSWORD.
enum CredentialShapes {
  struct Finding {
    var start: Int
    var end: Int
    var label: String
  }

  private static let tokenPrefixes: [(prefix: [UInt8], label: String, minimumTail: Int)] = [
    ("ghp_", "github-token", 20), ("gho_", "github-token", 20), ("ghs_", "github-token", 20),
    ("ghu_", "github-token", 20), ("github_pat_", "github-token", 20), ("glpat-", "gitlab-token", 16),
    ("sk-ant-", "api-key", 16), ("sk-proj-", "api-key", 16), ("sk-", "api-key", 20), ("xoxb-", "slack-token", 16),
    ("xoxp-", "slack-token", 16), ("AKIA", "aws-access-key", 16), ("ASIA", "aws-access-key", 16),
    ("AIza", "google-api-key", 30), ("FlyV1 ", "fly-token", 20), ("fo1_", "fly-token", 20), ("fm2_", "fly-token", 20),
    ("SG.", "sendgrid-key", 30), ("sk_live_", "stripe-key", 16), ("rk_live_", "stripe-key", 16),
  ].map { (Array($0.0.utf8), $0.1, $0.2) }

  private static let sensitiveSuffixes = ["KEY", "SECRET", "TOKEN", "PASSWORD", "PASSWD", "PASS", "PWD", "CREDENTIALS"]
    .map { Array($0.utf8) }

  /// The index of the next `=` or `:` at or after `start` (or `text.count`), eight bytes at a time.
  private static func nextSeparator(_ text: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
    var index = start
    if let base = text.baseAddress {
      let raw = UnsafeRawPointer(base)
      let ones: UInt64 = 0x0101_0101_0101_0101
      let highs: UInt64 = 0x8080_8080_8080_8080
      while index + 8 <= text.count {
        let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
        let colon = word ^ (ones &* 0x3A)
        let equals = word ^ (ones &* 0x3D)
        let found = ((colon &- ones) & ~colon | (equals &- ones) & ~equals) & highs
        if found != 0 { break }
        index += 8
      }
    }
    while index < text.count, text[index] != UInt8(ascii: "="), text[index] != UInt8(ascii: ":") { index += 1 }
    return index
  }

  /// True when the identifier ending at `end` ends with a sensitive word (any case).
  private static func hasSensitiveSuffix(_ text: UnsafeBufferPointer<UInt8>, end: Int) -> Bool {
    guard end > 0, isNameByte(text[end - 1]) else { return false }
    for suffix in sensitiveSuffixes where end >= suffix.count {
      var matched = true
      for (offset, byte) in suffix.enumerated() where text[end - suffix.count + offset] & 0xDF != byte {
        matched = false
        break
      }
      if matched { return true }
    }
    return false
  }

  /// Triggers for the pattern set: each begins a shape worth a closer look.
  static var triggers: [[UInt8]] {
    tokenPrefixes.map(\.prefix).filter { $0.count >= 4 }
      + ["-----BEGIN ", "Bearer ", "bearer ", "BEARER "].map { Array($0.utf8) }
  }

  /// Examines `text` at `index`, where a trigger matched; returns the credential found there.
  static func inspect(_ text: UnsafeBufferPointer<UInt8>, at index: Int) -> Finding? {
    if starts(text, index, "-----BEGIN ") { return pem(text, index) }
    if starts(text, index, "Bearer ") || starts(text, index, "bearer ") || starts(text, index, "BEARER ") {
      let start = index + 7
      let end = tokenEnd(text, start)
      return end - start >= 8 ? Finding(start: start, end: end, label: "bearer-token") : nil
    }
    for entry in tokenPrefixes where starts(text, index, entry.prefix) {
      if index > 0, isNameByte(text[index - 1]) { return nil }
      let end = tokenEnd(text, index + entry.prefix.count)
      if end - index - entry.prefix.count >= entry.minimumTail {
        return Finding(start: index, end: end, label: entry.label)
      }
    }
    return nil
  }

  /// Passwords in URLs (`scheme://user:password@host`) and `NAME=value` / `NAME: value`
  /// findings for sensitive names, scanning from each `=` or `:`.
  static func assignments(_ text: UnsafeBufferPointer<UInt8>) -> [Finding] {
    var findings: [Finding] = []
    var index = 0
    while index < text.count {
      index = nextSeparator(text, from: index)
      guard index < text.count else { break }
      if starts(text, index, "://") {
        if let finding = urlPassword(text, index + 3) {
          findings.append(finding)
          index = finding.end
        } else {
          index += 3
        }
        continue
      }
      var nameEnd = index
      while nameEnd > 0, text[nameEnd - 1] == UInt8(ascii: " ") || text[nameEnd - 1] == UInt8(ascii: "\"") { nameEnd -= 1 }
      guard hasSensitiveSuffix(text, end: nameEnd) else {
        index += 1
        continue
      }
      var valueStart = index + 1
      while valueStart < text.count, text[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
      var valueEnd: Int
      if valueStart < text.count, text[valueStart] == UInt8(ascii: "\"") || text[valueStart] == UInt8(ascii: "'") {
        let quote = text[valueStart]
        valueStart += 1
        valueEnd = valueStart
        while valueEnd < text.count, valueEnd - valueStart < 512, text[valueEnd] != quote, text[valueEnd] != UInt8(ascii: "\n") {
          valueEnd += 1
        }
        let hasSpace = (valueStart..<min(valueEnd, text.count)).contains { text[$0] == UInt8(ascii: " ") }
        if valueEnd >= text.count || text[valueEnd] != quote || hasSpace { valueEnd = tokenEnd(text, valueStart) }
      } else {
        valueEnd = tokenEnd(text, valueStart)
      }
      if valueEnd - valueStart >= 12, looksRandom(text, valueStart, valueEnd) {
        findings.append(Finding(start: valueStart, end: valueEnd, label: "credential"))
        index = valueEnd
      } else {
        index += 1
      }
    }
    return findings
  }

  private static func pem(_ text: UnsafeBufferPointer<UInt8>, _ index: Int) -> Finding? {
    let headerEnd = find(text, "-----", from: index + 11, limit: 80)
    guard let headerEnd else { return nil }
    let header = String(decoding: UnsafeBufferPointer(rebasing: text[index..<headerEnd]), as: UTF8.self)
    guard header.contains("PRIVATE KEY") else { return nil }
    guard let footer = find(text, "-----END ", from: headerEnd + 5, limit: 64 * 1024) else {
      return Finding(start: index, end: text.count, label: "private-key")
    }
    let close = find(text, "-----", from: footer + 9, limit: 80).map { $0 + 5 } ?? text.count
    return Finding(start: index, end: close, label: "private-key")
  }

  private static func urlPassword(_ text: UnsafeBufferPointer<UInt8>, _ start: Int) -> Finding? {
    var index = start
    var colon: Int?
    while index < text.count, index - start < 512 {
      let byte = text[index]
      if byte == UInt8(ascii: "@") {
        guard let colon, index - colon > 1 else { return nil }
        return Finding(start: colon + 1, end: index, label: "url-password")
      }
      if byte == UInt8(ascii: "/") || byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\"") {
        return nil
      }
      if byte == UInt8(ascii: ":"), colon == nil { colon = index }
      index += 1
    }
    return nil
  }

  private static func looksRandom(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
    var counts = [Int](repeating: 0, count: 256)
    var classes = Set<Int>()
    for index in start..<end {
      let byte = text[index]
      counts[Int(byte)] += 1
      switch byte {
      case UInt8(ascii: "a")...UInt8(ascii: "z"): classes.insert(0)
      case UInt8(ascii: "A")...UInt8(ascii: "Z"): classes.insert(1)
      case UInt8(ascii: "0")...UInt8(ascii: "9"): classes.insert(2)
      default: classes.insert(3)
      }
    }
    let length = Double(end - start)
    var entropy = 0.0
    for count in counts where count > 0 {
      let p = Double(count) / length
      entropy -= p * log2(p)
    }
    return entropy >= 3.0 && classes.count >= 2
  }

  private static func log2(_ x: Double) -> Double {
    var value = x
    var result = 0.0
    while value < 1 {
      value *= 2
      result -= 1
    }
    while value >= 2 {
      value /= 2
      result += 1
    }
    let y = (value - 1) / (value + 1)
    let y2 = y * y
    var term = y
    var sum = 0.0
    for n in stride(from: 1, through: 15, by: 2) {
      sum += term / Double(n)
      term *= y2
    }
    return result + 2 * sum / 0.693_147_180_559_945_3
  }

  private static func isTokenByte(_ byte: UInt8) -> Bool {
    (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
      || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
      || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "=") || byte == UInt8(ascii: "~")
  }

  private static func isNameByte(_ byte: UInt8) -> Bool {
    (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
      || byte == UInt8(ascii: "_")
  }

  private static func tokenEnd(_ text: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int {
    var end = start
    while end < text.count, isTokenByte(text[end]) { end += 1 }
    return end
  }

  private static func starts(_ text: UnsafeBufferPointer<UInt8>, _ index: Int, _ literal: String) -> Bool {
    starts(text, index, Array(literal.utf8))
  }

  private static func starts(_ text: UnsafeBufferPointer<UInt8>, _ index: Int, _ bytes: [UInt8]) -> Bool {
    guard index + bytes.count <= text.count else { return false }
    for (offset, byte) in bytes.enumerated() where text[index + offset] != byte { return false }
    return true
  }

  private static func find(_ text: UnsafeBufferPointer<UInt8>, _ literal: String, from: Int, limit: Int) -> Int? {
    let bytes = Array(literal.utf8)
    var index = from
    while index + bytes.count <= min(text.count, from + limit) {
      if starts(text, index, bytes) { return index }
      index += 1
    }
    return nil
  }
}
