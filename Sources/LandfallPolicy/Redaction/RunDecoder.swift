/// Decodes one hex or `\uXXXX` run of a text into bytes, remembering for each decoded byte the
/// text it came from, and searches the decoded bytes with an index. The buffers are kept
/// between runs of one search.
struct RunDecoder {
  private var nibbles: [UInt8] = []
  private var digitAt: [Int] = []
  private var decoded: [UInt8] = []
  /// Decoded byte `i` came from `text[startAt[i]..<endAt[i]]`.
  private var startAt: [Int] = []
  private var endAt: [Int] = []
  private var found: [SampledPatternIndex.Match] = []
  private var spelled: [Base64RunSearch.Match] = []

  /// True when every byte of `word` could belong to a hex run: a digit, a letter `a` to `f` in
  /// either case, or punctuation from space to colon (a quick test; `hexRun` is exact). A byte
  /// at or above 0x80 may carry into the next byte's sum, but its own high bit already fails
  /// the word.
  @inline(__always)
  static func mayBeHex(_ word: UInt64) -> Bool {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let lowered = word | (ones &* 0x20)
    let aboveColon = lowered &+ ones &* (0x7F - 0x3A)
    let fromA = lowered &+ ones &* (0x80 - 0x61)
    let aboveF = lowered &+ ones &* (0x7F - 0x66)
    let outside = (aboveColon & (~fromA | aboveF)) | word
    return outside & 0x8080_8080_8080_8080 == 0
  }

  /// The run of hex digits and separators (space, colon) around `probe`, as far as `text` goes.
  static func hexRun(_ text: UnsafeBufferPointer<UInt8>, around probe: Int) -> Range<Int> {
    guard probe < text.count, isHexOrSeparator(text[probe]) else { return probe..<probe }
    var start = probe
    while start > 0, isHexOrSeparator(text[start - 1]) { start -= 1 }
    var end = probe + 1
    while end < text.count, isHexOrSeparator(text[end]) { end += 1 }
    return start..<end
  }

  /// The run of whole `\uXXXX` escapes that holds an escape starting in the eight bytes at
  /// `probe`, or `nil` when no escape starts there.
  static func escapeRun(_ text: UnsafeBufferPointer<UInt8>, around probe: Int) -> Range<Int>? {
    guard let first = (probe..<min(probe + 8, text.count)).first(where: { isEscape(text, at: $0) }) else { return nil }
    var start = first
    while start >= 6, isEscape(text, at: start - 6) { start -= 6 }
    var end = first + 6
    while isEscape(text, at: end) { end += 6 }
    return start..<end
  }

  /// Collects the hex digits of `run`; false when there are fewer than `minimum`.
  mutating func decodeHexDigits(_ text: UnsafeBufferPointer<UInt8>, _ run: Range<Int>, atLeast minimum: Int) -> Bool {
    guard run.count >= minimum else { return false }
    nibbles.removeAll(keepingCapacity: true)
    digitAt.removeAll(keepingCapacity: true)
    for position in run {
      let value = Self.hexValue(text[position])
      if value < 16 {
        nibbles.append(value)
        digitAt.append(position)
      }
    }
    return nibbles.count >= minimum
  }

  /// Pairs the collected digits into bytes, starting `phase` digits in. Two digits with a
  /// separator between them are never one byte (no spelling splits a byte), so such a pair
  /// becomes a byte that no match crosses; so does a gap wider than `widestGap`.
  mutating func pairNibbles(phase: Int) {
    clearDecoded()
    var digit = phase
    while digit + 1 < nibbles.count {
      if digit >= 2, digitAt[digit] - digitAt[digit - 1] > Self.widestGap {
        append(Self.barrier, from: digitAt[digit - 1], to: digitAt[digit])
      }
      let adjacent = digitAt[digit + 1] == digitAt[digit] + 1
      decoded.append(adjacent ? nibbles[digit] << 4 | nibbles[digit + 1] : Self.barrier)
      startAt.append(digitAt[digit])
      endAt.append(digitAt[digit + 1] + 1)
      digit += 2
    }
  }

  /// Bytes further apart than this (more than two separators between them, as between the
  /// halves of a `hexdump -C` line) are not read as one spelling, so no decoded match spans
  /// more than four characters per byte.
  private static let widestGap = 3

  /// Stands between decoded bytes that are not next to each other in any spelling. It is not a
  /// byte of any UTF-8 text, so no value (and no form of one) holds it.
  private static let barrier: UInt8 = 0xFF

  /// Decodes the escapes of `run` (UTF-16 code units) into UTF-8. A lone surrogate becomes a
  /// byte that no UTF-8 value contains, so no match crosses it.
  mutating func decodeEscapes(_ text: UnsafeBufferPointer<UInt8>, _ run: Range<Int>) {
    clearDecoded()
    var position = run.lowerBound
    while position + 6 <= run.upperBound {
      let unit = Self.escapedUnit(text, at: position)
      var scalar: UInt32?
      var end = position + 6
      if unit >= 0xD800 && unit < 0xDC00, end + 6 <= run.upperBound {
        let low = Self.escapedUnit(text, at: end)
        if low >= 0xDC00 && low < 0xE000 {
          scalar = 0x10000 + ((unit - 0xD800) << 10 | (low - 0xDC00))
          end += 6
        }
      } else if unit < 0xD800 || unit >= 0xE000 {
        scalar = unit
      }
      appendUTF8(scalar, from: position, to: end)
      position = end
    }
  }

  /// Searches the decoded bytes with `index`, and for base64 spellings with `base64`, and
  /// appends the matches whose text starts in `range`.
  mutating func search(
    _ text: UnsafeBufferPointer<UInt8>, range: Range<Int>, index: SampledPatternIndex, base64: Base64RunSearch?,
    into matches: inout [DecodedRunSearch.Match]
  ) {
    found.removeAll(keepingCapacity: true)
    decoded.withUnsafeBufferPointer { index.search($0, starting: 0..<$0.count, into: &found) }
    for match in found {
      let start = startAt[match.start]
      if range.contains(start) {
        matches.append((start, endAt[match.start + index.length(of: match.pattern) - 1], match.pattern))
      }
    }
    guard let base64 else { return }
    spelled.removeAll(keepingCapacity: true)
    decoded.withUnsafeBufferPointer { base64.searchEveryRun($0, into: &spelled) }
    for match in spelled where range.contains(startAt[match.start]) {
      matches.append((startAt[match.start], endAt[match.end - 1], match.pattern))
    }
  }

  private mutating func clearDecoded() {
    decoded.removeAll(keepingCapacity: true)
    startAt.removeAll(keepingCapacity: true)
    endAt.removeAll(keepingCapacity: true)
  }

  private mutating func appendUTF8(_ scalar: UInt32?, from start: Int, to end: Int) {
    guard let scalar, let character = Unicode.Scalar(scalar), let encoded = UTF8.encode(character) else {
      append(Self.barrier, from: start, to: end)
      return
    }
    for byte in encoded { append(byte, from: start, to: end) }
  }

  private mutating func append(_ byte: UInt8, from start: Int, to end: Int) {
    decoded.append(byte)
    startAt.append(start)
    endAt.append(end)
  }

  private static func isEscape(_ text: UnsafeBufferPointer<UInt8>, at position: Int) -> Bool {
    guard position >= 0, position + 6 <= text.count, text[position] == UInt8(ascii: "\\"), text[position + 1] == UInt8(ascii: "u") else {
      return false
    }
    return hexValue(text[position + 2]) | hexValue(text[position + 3]) | hexValue(text[position + 4]) | hexValue(text[position + 5]) < 16
  }

  private static func escapedUnit(_ text: UnsafeBufferPointer<UInt8>, at position: Int) -> UInt32 {
    (2..<6).reduce(0) { unit, offset in unit << 4 | UInt32(hexValue(text[position + offset])) }
  }

  private static func isHexOrSeparator(_ byte: UInt8) -> Bool {
    hexValue(byte) < 16 || byte == UInt8(ascii: " ") || byte == UInt8(ascii: ":")
  }

  /// The value of a hex digit, or 16 or more for any other byte.
  @inline(__always)
  private static func hexValue(_ byte: UInt8) -> UInt8 {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte &- UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte &- UInt8(ascii: "a") &+ 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte &- UInt8(ascii: "A") &+ 10
    default: 16
    }
  }
}
