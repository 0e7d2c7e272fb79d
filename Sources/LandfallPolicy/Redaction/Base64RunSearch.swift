/// Finds values written in base64 (either alphabet, at any of the three byte alignments, whole
/// or as a fragment of longer base64) by decoding runs of base64 characters and searching the
/// decoded bytes, instead of indexing three or six spellings of every value.
///
/// A run is decoded four times, once for each position of its characters in a four-character
/// group. In the decoding whose groups line up with the value's, the value's bytes appear whole,
/// except for the bits of its first and last byte that share a character with the bytes around
/// it: a fragment may start or end with any character there, or without it. So the decoded
/// bytes are searched for each value's inner bytes (all but the first and the last), and a hit
/// is checked at both ends under a mask of the bits the value's own characters carry. The span
/// redacted is exactly those characters, as an indexed spelling would have matched them.
///
/// Only values of at least `DecodedRunSearch.minimumValueLength` bytes are searched this way, so
/// every spelling is at least `shortestSpelling` characters long and holds a whole probed word.
struct Base64RunSearch: Sendable {
  /// One occurrence: the value whose pattern in the vault index is `pattern`, spelled between
  /// `start` and `end`.
  typealias Match = (start: Int, end: Int, pattern: Int)

  private let inner: SampledPatternIndex
  /// Inner pattern `i` is the value whose first and last bytes are `edges[i]` and whose own
  /// pattern in the vault index is `valuePatterns[i]`.
  private let edges: [(first: UInt8, last: UInt8)]
  private let valuePatterns: [Int]
  private let shortestSpelling: Int
  private let stride: Int
  /// No spelling this search finds is longer than this.
  let longestSpelling: Int

  /// A search for the values whose inner bytes are `innerBytes`; each pattern there is the
  /// value with its first and last bytes (`edges`) taken off. Built on up to `cores` cores.
  init?(innerBytes: PatternSet, edges: [(first: UInt8, last: UInt8)], valuePatterns: [Int], cores: Int = 2) {
    let lengths = (0..<innerBytes.count).map { innerBytes.length(of: $0) + 2 }
    guard let shortest = lengths.min(), let longest = lengths.max() else { return nil }
    inner = SampledPatternIndex(innerBytes, longFrom: Self.longInnerBytes, cores: cores)
    self.edges = edges
    self.valuePatterns = valuePatterns
    shortestSpelling = Self.shortestSpelling(ofValue: shortest)
    longestSpelling = (longest * 8 + 5) / 6
    stride = min(max(shortestSpelling - 7, 1), WrappedBase64.widths[0] - 8)
  }

  /// Inner bytes of values of 14 bytes or more share one tier: each decoded phase is then one
  /// pass, not two, at no more than about one probe per five bytes.
  private static let longInnerBytes = 12

  /// The fewest characters that carry only bits of a value of `count` bytes, over its three
  /// alignments.
  static func shortestSpelling(ofValue count: Int) -> Int {
    (0..<3).map { alignment in (alignment + count) * 8 / 6 - (alignment * 8 + 5) / 6 }.min() ?? 0
  }

  /// Appends every occurrence in `text` whose spelling starts in `range` to `matches`, and,
  /// as `WrappedBase64.search` would, the matches of `index` and of this search that start in
  /// `range` and cross the line breaks of wrapped base64: the runs this search finds hold every
  /// line such a match can start on.
  func search(_ text: UnsafeBufferPointer<UInt8>, starting range: Range<Int>, index: SampledPatternIndex, into matches: inout [Match]) {
    guard !range.isEmpty, let base = text.baseAddress else { return }
    let raw = UnsafeRawPointer(base)
    let sides = Self.sideMasks(min(8, max(0, (shortestSpelling - 7) / 2)))
    var wrappedUntil = 0
    var searchedWhole = 0..<0
    Self.digits.withUnsafeBufferPointer { digits in
      var probe = max(0, range.lowerBound - WrappedBase64.lookBehind)
      let lastProbe = min(text.count - 8, range.upperBound + stride - 1)
      while probe <= lastProbe {
        probe = Self.nextCandidate(raw, count: text.count, from: probe, through: lastProbe, stride: stride, side: sides)
        guard probe <= lastProbe else { return }
        guard (probe..<probe + 8).allSatisfy({ digits[Int(text[$0])] < 64 }) else {
          probe += stride
          continue
        }
        var start = probe
        while start > 0, digits[Int(text[start - 1])] < 64 { start -= 1 }
        var end = probe + 8
        while end < text.count, digits[Int(text[end])] < 64 { end += 1 }
        if start >= wrappedUntil,
          let lines = WrappedBase64.searchLines(endingWith: start..<end, in: text, starting: range, index: index, base64: self, into: &matches)
        {
          wrappedUntil = lines.resume
          searchedWhole = lines.covered
        }
        let searched = start >= searchedWhole.lowerBound && end <= searchedWhole.upperBound
        if end - start >= shortestSpelling, !searched { searchRun(text, start..<end, starting: range, digits: digits, into: &matches) }
        probe = max(probe + stride, end)
      }
    }
  }

  /// The first probe from `probe` through `last` (every `stride` bytes) whose word may lie in a
  /// base64 run with `side` more run bytes on one side of it, or a position past `last`. A
  /// spelling of at least `shortestSpelling` characters that holds the probed word has at least
  /// `side` on one side (`side` is at most eight); near the text's ends every word that may lie
  /// in a run is a candidate.
  @inline(__always)
  private static func nextCandidate(
    _ text: UnsafeRawPointer, count: Int, from probe: Int, through last: Int, stride: Int, side: (after: UInt64, before: UInt64)
  ) -> Int {
    let filler: UInt64 = 0x4141_4141_4141_4141
    var probe = probe
    while probe <= last {
      if ByteSearch.mayBeInRun(UInt64(littleEndian: text.loadUnaligned(fromByteOffset: probe, as: UInt64.self))) {
        guard probe >= 8, probe &+ 16 <= count else { return probe }
        let after = UInt64(littleEndian: text.loadUnaligned(fromByteOffset: probe &+ 8, as: UInt64.self))
        let before = UInt64(littleEndian: text.loadUnaligned(fromByteOffset: probe &- 8, as: UInt64.self))
        if ByteSearch.mayBeInRun(after & side.after | filler & ~side.after) || ByteSearch.mayBeInRun(before & side.before | filler & ~side.before) {
          return probe
        }
      }
      probe &+= stride
    }
    return probe
  }

  /// Masks of the bytes next to a probed word that must be run bytes: `side` bytes after it or
  /// `side` bytes before it.
  private static func sideMasks(_ side: Int) -> (after: UInt64, before: UInt64) {
    guard side > 0 else { return (0, 0) }
    guard side < 8 else { return (~0, ~0) }
    let low: UInt64 = (1 << UInt64(8 * side)) - 1
    return (low, ~((1 << UInt64(8 * (8 - side))) - 1))
  }

  /// Searches every run of `buffer` (decoded bytes, or lines joined) whatever its length, and
  /// reports matches in `buffer`'s positions.
  func searchEveryRun(_ buffer: UnsafeBufferPointer<UInt8>, into matches: inout [Match]) {
    Self.digits.withUnsafeBufferPointer { digits in
      var position = 0
      while position < buffer.count {
        guard digits[Int(buffer[position])] < 64 else {
          position += 1
          continue
        }
        var end = position + 1
        while end < buffer.count, digits[Int(buffer[end])] < 64 { end += 1 }
        if end - position >= shortestSpelling { searchRun(buffer, position..<end, starting: position..<end, digits: digits, into: &matches) }
        position = end
      }
    }
  }

  /// Searches `run` in pieces: each answers for at most `pieceLength` starts and reaches one
  /// longest spelling past them, so memory follows the piece, not the run.
  private func searchRun(
    _ text: UnsafeBufferPointer<UInt8>, _ run: Range<Int>, starting range: Range<Int>, digits: UnsafeBufferPointer<UInt8>,
    into matches: inout [Match]
  ) {
    let lastStart = min(run.upperBound, range.upperBound)
    var start = max(run.lowerBound, range.lowerBound)
    while start < lastStart {
      let answered = min(lastStart, start + Self.pieceLength)
      let piece = start..<min(run.upperBound, answered + longestSpelling)
      if piece.count >= shortestSpelling { searchPiece(text, piece, answering: start..<answered, digits: digits, into: &matches) }
      start = answered
    }
  }

  private static let pieceLength = 1 << 15

  private func searchPiece(
    _ text: UnsafeBufferPointer<UInt8>, _ piece: Range<Int>, answering starts: Range<Int>, digits: UnsafeBufferPointer<UInt8>,
    into matches: inout [Match]
  ) {
    let capacity = (piece.count + 3) / 4 * 3 + 3
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { decoded in
      var found: [SampledPatternIndex.Match] = []
      for phase in 0..<4 {
        let count = Self.decode(text, piece, phase: phase, digits: digits, into: decoded)
        found.removeAll(keepingCapacity: true)
        let bytes = UnsafeBufferPointer(rebasing: decoded[0..<count])
        inner.search(bytes, starting: 1..<count, into: &found)
        for hit in found {
          guard let spelling = spelling(of: hit, in: bytes, phase: phase) else { continue }
          let start = piece.lowerBound + spelling.lowerBound
          let end = piece.lowerBound + spelling.upperBound
          if starts.contains(start), end <= piece.upperBound { matches.append((start, end, valuePatterns[hit.pattern])) }
        }
      }
    }
  }

  /// The characters, counted from the piece's start, that carry only bits of the value whose
  /// inner bytes `hit` found, when both its end bytes agree with them; `nil` otherwise.
  private func spelling(of hit: SampledPatternIndex.Match, in decoded: UnsafeBufferPointer<UInt8>, phase: Int) -> Range<Int>? {
    let first = hit.start - 1
    let last = hit.start + inner.length(of: hit.pattern)
    guard first >= 0, last < decoded.count else { return nil }
    let edge = edges[hit.pattern]
    guard (decoded[first] ^ edge.first) & Self.firstMasks[first % 3] == 0,
      (decoded[last] ^ edge.last) & Self.lastMasks[last % 3] == 0
    else { return nil }
    let firstCharacter = (first * 8 + 5) / 6 - phase
    let endCharacter = (last + 1) * 8 / 6 - phase
    guard firstCharacter >= 0 else { return nil }
    return firstCharacter..<endCharacter
  }

  /// The bits of a value's first byte that its own characters carry, by the byte's place in its
  /// three-byte group; the rest share a character with the byte before.
  private static let firstMasks: [UInt8] = [0xFF, 0x0F, 0x3F]
  /// The same for a value's last byte; the rest share a character with the byte after.
  private static let lastMasks: [UInt8] = [0xFC, 0xF0, 0xFF]

  /// Decodes `piece` with `phase` empty characters before it (and empty characters after it to
  /// fill the last group) into `output`; returns the number of bytes written.
  private static func decode(
    _ text: UnsafeBufferPointer<UInt8>, _ piece: Range<Int>, phase: Int, digits: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>
  ) -> Int {
    var written = 0
    var bits: UInt32 = 0
    var held = 0
    for slot in 0..<(phase + piece.count + 3) / 4 * 4 {
      let position = piece.lowerBound + slot - phase
      let digit = slot < phase || position >= piece.upperBound ? 0 : UInt32(digits[Int(text[position])])
      bits = bits << 6 | digit
      held += 1
      if held == 4 {
        output[written] = UInt8(truncatingIfNeeded: bits >> 16)
        output[written + 1] = UInt8(truncatingIfNeeded: bits >> 8)
        output[written + 2] = UInt8(truncatingIfNeeded: bits)
        written += 3
        bits = 0
        held = 0
      }
    }
    return written
  }

  /// The value of each byte as a base64 character in either alphabet (`+` and `-` are 62, `/`
  /// and `_` 63), or 64 for any other byte.
  private static let digits: [UInt8] = (0..<256).map { byte in
    switch UInt8(byte) {
    case UInt8(ascii: "A")...UInt8(ascii: "Z"): UInt8(byte) - UInt8(ascii: "A")
    case UInt8(ascii: "a")...UInt8(ascii: "z"): UInt8(byte) - UInt8(ascii: "a") + 26
    case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt8(byte) - UInt8(ascii: "0") + 52
    case UInt8(ascii: "+"), UInt8(ascii: "-"): 62
    case UInt8(ascii: "/"), UInt8(ascii: "_"): 63
    default: 64
    }
  }
}
