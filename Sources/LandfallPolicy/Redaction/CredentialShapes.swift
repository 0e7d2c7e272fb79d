/// Recognises credentials by their shape when their value is not in the vault: PEM private keys,
/// bearer tokens, passwords in URLs, well-known token prefixes, and high-entropy values assigned
/// to names that say KEY, SECRET, TOKEN or PASSWORD.
enum CredentialShapes {
  struct Finding: Sendable {
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

  /// True when the identifier ending at `end` ends with a sensitive word (any case).
  private static func hasSensitiveSuffix(_ text: UnsafeBufferPointer<UInt8>, end: Int) -> Bool {
    guard end > 0, isNameByte(text[end - 1]) else { return false }
    switch text[end - 1] & 0xDF {
    case UInt8(ascii: "Y"), UInt8(ascii: "T"), UInt8(ascii: "N"), UInt8(ascii: "D"), UInt8(ascii: "S"): break
    default: return false
    }
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

  /// How far a shape can reach, so a stream holds back at least this much.
  static let horizon = 64 * 1024 + 256
  private static let longestToken = 4096
  private static let longestQuotedValue = 512

  /// Appends every credential found by shape whose value starts in `range` to `findings`.
  ///
  /// Every shape but URL passwords and assignments holds a run of at least 16 token bytes (a
  /// token, a PEM body line), and such a run covers a whole 8-byte word at a multiple of 8 from
  /// the start. So the text is read a word at a time; only a word free of spaces, line breaks,
  /// quotes, colons and non-ASCII bytes is measured as a run and examined.
  static func find(_ text: UnsafeBufferPointer<UInt8>, starting range: Range<Int>, into findings: inout [Finding]) {
    var scan = Scan()
    find(text, starting: range, resuming: &scan, into: &findings)
  }

  /// Where each scan of a stream stands after a chunk. Each scan skips past its own findings, so
  /// a stream that started its next chunk inside one would report what a whole text skips.
  struct Scan: Sendable {
    var tokens = 0
    var assignments = 0

    /// The same places after the text moved `count` bytes to the front.
    func shifted(by count: Int) -> Scan {
      Scan(tokens: max(0, tokens - count), assignments: max(0, assignments - count))
    }
  }

  /// `find` for the chunk of a stream that `scan` left off before; `scan` is left where the
  /// next chunk picks up.
  static func find(_ text: UnsafeBufferPointer<UInt8>, starting range: Range<Int>, resuming scan: inout Scan, into findings: inout [Finding]) {
    var probe = max(range.lowerBound, scan.tokens)
    var resume = max(range.upperBound, scan.tokens)
    let last = min(text.count - 8, range.upperBound + 128)
    while probe <= last {
      guard mayBeInLongRun(text, at: probe) else {
        probe += 8
        continue
      }
      var start = probe
      while start > max(0, probe - longestToken), isTokenByte(text[start - 1]) { start -= 1 }
      var end = probe
      while end < min(text.count, probe + longestToken), isTokenByte(text[end]) { end += 1 }
      if end - start >= 16, let finding = inspectRun(text, start, end), range.contains(finding.start) {
        findings.append(finding)
        probe = max(finding.end, end) + 1
        resume = max(range.upperBound, probe)
      } else {
        probe = max(end, probe + 8)
      }
    }
    scan.tokens = resume
    scan.assignments = assignments(text, starting: range, from: scan.assignments, into: &findings)
  }

  /// False when the word at `probe` cannot lie in a run of 16 token bytes: a byte of it is not
  /// a token byte, or neither the 4 bytes before it nor the 4 after it all are (such a run holds
  /// 8 more bytes than the word, so at least 4 on one side).
  @inline(__always)
  private static func mayBeInLongRun(_ text: UnsafeBufferPointer<UInt8>, at probe: Int) -> Bool {
    guard ByteSearch.mayBeInRun(ByteSearch.word(text, at: probe)) else { return false }
    guard probe >= 4, probe + 12 <= text.count else { return true }
    return ByteSearch.mayBeInRun(ByteSearch.word(text, at: probe - 4)) || ByteSearch.mayBeInRun(ByteSearch.word(text, at: probe + 4))
  }

  /// The credential in the run of token bytes `start..<end`, if any.
  private static func inspectRun(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Finding? {
    if let header = headerEnd(before: start, in: text), starts(text, header - 16, "PRIVATE KEY-----"),
      let begin = findBackward(text, "-----BEGIN ", before: header - 16, limit: 80)
    {
      return pem(text, begin)
    }
    if start >= 7, starts(text, start - 7, "Bearer ") || starts(text, start - 7, "bearer ") || starts(text, start - 7, "BEARER ") {
      return Finding(start: start, end: end, label: "bearer-token")
    }
    if start >= 6, end - start >= 20, starts(text, start - 6, "FlyV1 ") {
      return Finding(start: start - 6, end: end, label: "fly-token")
    }
    guard end - start >= 20 else { return nil }
    for index in start...(end - 20) where index == start || !isNameByte(text[index - 1]) {
      for entry in tokenPrefixes where entry.prefix[0] == text[index] && starts(text, index, entry.prefix) {
        if end - index - entry.prefix.count >= entry.minimumTail {
          return Finding(start: index, end: end, label: entry.label)
        }
      }
    }
    return nil
  }

  /// Passwords in URLs (`scheme://user:password@host`) and `NAME=value` / `NAME: value`
  /// findings for sensitive names, scanning from each `=` or `:` at or after `resume`; values
  /// start in `range`. Returns where the last finding ended, the place a whole text's scan
  /// would go on from.
  private static func assignments(
    _ text: UnsafeBufferPointer<UInt8>, starting range: Range<Int>, from resume: Int, into findings: inout [Finding]
  ) -> Int {
    var index = max(0, range.lowerBound - 40, resume)
    var skippedTo = resume
    var run = 0..<0
    while index < min(text.count, range.upperBound) {
      index = ByteSearch.next(UInt8(ascii: "="), or: UInt8(ascii: ":"), in: text, from: index)
      guard index < min(text.count, range.upperBound) else { break }
      if starts(text, index, "://") {
        if let finding = urlPassword(text, index + 3), range.contains(finding.start) {
          findings.append(finding)
          index = finding.end
          skippedTo = index
        } else {
          index += 3
        }
        continue
      }
      var nameEnd = index
      while nameEnd > 0, index - nameEnd < 32, text[nameEnd - 1] == UInt8(ascii: " ") || text[nameEnd - 1] == UInt8(ascii: "\"") {
        nameEnd -= 1
      }
      guard hasSensitiveSuffix(text, end: nameEnd) else {
        index += 1
        continue
      }
      var valueStart = index + 1
      while valueStart < text.count, valueStart - index < 32, text[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
      var valueEnd: Int
      if valueStart < text.count, text[valueStart] == UInt8(ascii: "\"") || text[valueStart] == UInt8(ascii: "'") {
        let quote = text[valueStart]
        valueStart += 1
        valueEnd = valueStart
        var hasSpace = false
        while valueEnd < text.count, valueEnd - valueStart < longestQuotedValue, text[valueEnd] != quote, text[valueEnd] != UInt8(ascii: "\n") {
          hasSpace = hasSpace || text[valueEnd] == UInt8(ascii: " ")
          valueEnd += 1
        }
        if valueEnd >= text.count || text[valueEnd] != quote || hasSpace { valueEnd = cachedTokenEnd(text, valueStart, &run) }
      } else {
        valueEnd = cachedTokenEnd(text, valueStart, &run)
      }
      if range.contains(valueStart), valueEnd - valueStart >= 12, looksRandom(text, valueStart, min(valueEnd, valueStart + 256)) {
        findings.append(Finding(start: valueStart, end: valueEnd, label: "credential"))
        index = valueEnd
        skippedTo = index
      } else {
        index += 1
      }
    }
    return skippedTo
  }

  /// `tokenEnd` remembering the run it last measured, so the `=` signs inside one long token
  /// cost one scan of it together; the end is capped at `longestToken` bytes from `start`.
  private static func cachedTokenEnd(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ run: inout Range<Int>) -> Int {
    if !run.contains(start) {
      let end = tokenEnd(text, start, limit: text.count)
      run = start..<max(end, start + 1)
      if end == start { return start }
    }
    return min(run.upperBound, start + longestToken)
  }

  private static func pem(_ text: UnsafeBufferPointer<UInt8>, _ index: Int) -> Finding? {
    let headerEnd = find(text, "-----", from: index + 11, limit: 80)
    guard let headerEnd else { return nil }
    guard find(text, "PRIVATE KEY", from: index, limit: headerEnd - index) != nil else { return nil }
    guard let footer = find(text, "-----END ", from: headerEnd + 5, limit: 64 * 1024) else {
      return Finding(start: index, end: min(text.count, index + 64 * 1024), label: "private-key")
    }
    let close = find(text, "-----", from: footer + 9, limit: 80).map { $0 + 5 } ?? min(text.count, footer + 9 + 80)
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
    withUnsafeTemporaryAllocation(of: UInt16.self, capacity: 256) { counts in
      counts.initialize(repeating: 0)
      var classes = 0
      for index in start..<end {
        let byte = text[index]
        counts[Int(byte)] &+= 1
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"): classes |= 1
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): classes |= 2
        case UInt8(ascii: "0")...UInt8(ascii: "9"): classes |= 4
        default: classes |= 8
        }
      }
      let length = Double(end - start)
      var entropy = 0.0
      for count in counts where count > 0 {
        let p = Double(count) / length
        entropy -= p * log2(p)
      }
      return entropy >= 3.0 && classes.nonzeroBitCount >= 2
    }
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

  /// Letters, digits and `-_.+/=~` (two 64-bit masks over ASCII).
  @inline(__always)
  private static func isTokenByte(_ byte: UInt8) -> Bool {
    byte < 64
      ? (0x23FF_E800_0000_0000 as UInt64 >> UInt64(byte)) & 1 != 0
      : byte < 128 && (0x47FF_FFFE_87FF_FFFE as UInt64 >> UInt64(byte &- 64)) & 1 != 0
  }

  private static func isNameByte(_ byte: UInt8) -> Bool {
    (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
      || byte == UInt8(ascii: "_")
  }

  private static func tokenEnd(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, limit: Int? = nil) -> Int {
    let stop = min(text.count, limit ?? start + longestToken)
    var end = start
    while end < stop, isTokenByte(text[end]) { end += 1 }
    return end
  }

  private static func starts(_ text: UnsafeBufferPointer<UInt8>, _ index: Int, _ literal: StaticString) -> Bool {
    guard index + literal.utf8CodeUnitCount <= text.count else { return false }
    let bytes = literal.utf8Start
    for offset in 0..<literal.utf8CodeUnitCount where text[index + offset] != bytes[offset] { return false }
    return true
  }

  private static func starts(_ text: UnsafeBufferPointer<UInt8>, _ index: Int, _ bytes: [UInt8]) -> Bool {
    guard index + bytes.count <= text.count else { return false }
    for (offset, byte) in bytes.enumerated() where text[index + offset] != byte { return false }
    return true
  }

  /// Where the line before `start` ends, skipping the break between them whether it is real
  /// (`\n`, `\r\n`) or escaped as in JSON (`\\n`); `nil` when no break is there.
  private static func headerEnd(before start: Int, in text: UnsafeBufferPointer<UInt8>) -> Int? {
    var index = start
    var skipped = false
    for _ in 0..<6 where index > 17 {
      let byte = text[index - 1]
      if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\\") {
        index -= 1
        skipped = true
      } else if (byte == UInt8(ascii: "n") || byte == UInt8(ascii: "r")), text[index - 2] == UInt8(ascii: "\\") {
        index -= 2
        skipped = true
      } else {
        break
      }
    }
    return skipped && index >= 16 ? index : nil
  }

  private static func findBackward(_ text: UnsafeBufferPointer<UInt8>, _ literal: StaticString, before end: Int, limit: Int) -> Int? {
    var index = end - literal.utf8CodeUnitCount
    while index >= max(0, end - limit) {
      if starts(text, index, literal) { return index }
      index -= 1
    }
    return nil
  }

  private static func find(_ text: UnsafeBufferPointer<UInt8>, _ literal: StaticString, from: Int, limit: Int) -> Int? {
    var index = from
    while index + literal.utf8CodeUnitCount <= min(text.count, from + limit) {
      if starts(text, index, literal) { return index }
      index += 1
    }
    return nil
  }
}
