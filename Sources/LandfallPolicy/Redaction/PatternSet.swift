/// Finds many fixed byte strings in a text in one pass.
///
/// At each position the first two bytes are looked up in a 64 Kibit table (small enough for the
/// L1 cache), then the 4-byte window is hashed into a bitmap sized to the pattern count; only
/// positions that pass both are checked against the patterns sharing that window, so the cost
/// per byte is one load and one or two bit tests whatever the number of patterns.
struct PatternSet: Sendable {
  private let patterns: [[UInt8]]
  private var buckets: [UInt32: [Int]] = [:]
  private var bitmap: [UInt64]
  private var pairs: [UInt64]
  private let bitmapBits: Int

  /// Patterns shorter than 4 bytes are ignored.
  init(_ patterns: [[UInt8]]) {
    self.patterns = patterns
    var bits = 1 << 12
    while bits < patterns.count * 64, bits < 1 << 22 { bits <<= 1 }
    bitmapBits = bits
    bitmap = [UInt64](repeating: 0, count: bits / 64)
    pairs = [UInt64](repeating: 0, count: (1 << 16) / 64)
    for (index, pattern) in patterns.enumerated() where pattern.count >= 4 {
      let key = Self.window(pattern, 0)
      buckets[key, default: []].append(index)
      let bit = Self.hash(key, bits: bits)
      bitmap[bit >> 6] |= 1 << UInt64(bit & 63)
      let pair = Int(key & 0xFFFF)
      pairs[pair >> 6] |= 1 << UInt64(pair & 63)
    }
    for key in buckets.keys {
      buckets[key]?.sort { patterns[$0].count > patterns[$1].count }
    }
  }

  var isEmpty: Bool { buckets.isEmpty }

  private static func window(_ bytes: [UInt8], _ index: Int) -> UInt32 {
    UInt32(bytes[index]) | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2]) << 16 | UInt32(bytes[index + 3]) << 24
  }

  @inline(__always)
  private static func hash(_ key: UInt32, bits: Int) -> Int {
    Int((key &* 2_654_435_761) >> 8) & (bits - 1)
  }

  /// Walks `text` left to right. At each position where patterns start, `handler` is offered
  /// them longest first; it returns the index to continue from (a match consumed) or `nil`
  /// (try the next candidate, then move one byte on).
  func scan(_ text: UnsafeBufferPointer<UInt8>, _ handler: (_ start: Int, _ pattern: Int) -> Int?) {
    guard text.count >= 4, !buckets.isEmpty, let base = text.baseAddress else { return }
    let raw = UnsafeRawPointer(base)
    var index = 0
    let last = text.count - 4
    let size = bitmapBits
    bitmap.withUnsafeBufferPointer { bits in
      pairs.withUnsafeBufferPointer { pairBits in
      while index <= last {
        let key = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt32.self))
        let pair = Int(key & 0xFFFF)
        guard pairBits[pair >> 6] & (1 << UInt64(pair & 63)) != 0 else {
          index += 1
          continue
        }
        let bit = Self.hash(key, bits: size)
        guard bits[bit >> 6] & (1 << UInt64(bit & 63)) != 0, let candidates = buckets[key] else {
          index += 1
          continue
        }
        var next: Int?
        for candidate in candidates where matches(patterns[candidate], text, at: index) {
          if let resume = handler(index, candidate) {
            next = max(resume, index + 1)
            break
          }
        }
        index = next ?? index + 1
      }
      }
    }
  }

  /// The length of pattern `index`.
  func length(of index: Int) -> Int { patterns[index].count }

  @inline(__always)
  private func matches(_ pattern: [UInt8], _ text: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
    guard index + pattern.count <= text.count else { return false }
    for offset in 4..<pattern.count where text[index + offset] != pattern[offset] { return false }
    return true
  }
}
