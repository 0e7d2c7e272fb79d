/// Finds secrets written as hex (contiguous or grouped, either case, space or colon between
/// groups) or as JSON `\uXXXX` escapes by decoding such runs of the text and searching the
/// decoded bytes with the index, instead of indexing each of those spellings for every value.
///
/// Only values of at least `minimumValueLength` bytes are left to this search (shorter ones
/// keep their spellings in the index), so every spelling it stands for is at least
/// `2 * shortestValue` bytes long. The text is probed every `stride` bytes with an 8-byte word:
/// a spelling that long always holds one whole probed word, and that word is either all hex
/// digits and separators or holds the backslash of an escape. Runs are decoded only around
/// such words.
struct DecodedRunSearch: Sendable {
  /// One occurrence: `pattern` decoded from the text between `start` and `end`.
  typealias Match = (start: Int, end: Int, pattern: Int)

  /// Values shorter than this keep their hex and escaped spellings in the index: their runs
  /// would be too short to probe sparsely.
  static let minimumValueLength = 12

  private let shortestValue: Int
  private let stride: Int
  private let base64: Base64RunSearch?
  /// No spelling this search stands for is longer than this.
  let longestForm: Int

  /// A search for values of `shortestValue` bytes or more in an index whose longest pattern has
  /// `longestPattern` bytes; decoded runs are searched for base64 spellings with `base64` too.
  /// Any indexed or base64 form can be found spelled in a run (the hex of a value's base64,
  /// say), and no run spells a byte in more than six characters.
  init(shortestValue: Int, longestPattern: Int, base64: Base64RunSearch?) {
    self.shortestValue = max(shortestValue, 1)
    self.base64 = base64
    stride = min(max(2 * self.shortestValue - 7, 1), 64)
    longestForm = 6 * longestPattern
  }

  /// Whether a value of `count` bytes is found by decoding rather than by its spellings.
  static func decodes(valueOf count: Int) -> Bool { count >= minimumValueLength }

  /// Appends every decoded occurrence that starts in `range` of `text` to `matches`.
  func search(_ text: UnsafeBufferPointer<UInt8>, starting range: Range<Int>, index: SampledPatternIndex, into matches: inout [Match]) {
    guard !range.isEmpty, !index.isEmpty else { return }
    var scratch = RunDecoder()
    var probe = range.lowerBound
    let lastProbe = min(text.count - 8, range.upperBound + stride - 1)
    while probe <= lastProbe {
      probe = nextCandidate(text, from: probe, through: lastProbe)
      guard probe <= lastProbe else { return }
      let word = ByteSearch.word(text, at: probe)
      var resume = probe + stride
      if ByteSearch.hasByte(UInt8(ascii: "\\"), in: word) {
        if let run = RunDecoder.escapeRun(text, around: probe) {
          if run.count >= 2 * shortestValue {
            forEachPiece(of: run, unit: 6, starting: range) { piece, starts in
              scratch.decodeEscapes(text, piece)
              scratch.search(text, range: starts, index: index, base64: base64, into: &matches)
            }
          }
          resume = max(resume, run.upperBound)
        }
      } else if hasHexNeighbour(text, probe) {
        let run = RunDecoder.hexRun(text, around: probe)
        if run.count >= 2 * shortestValue {
          forEachPiece(of: run, unit: 1, starting: range) { piece, starts in
            guard scratch.decodeHexDigits(text, piece, atLeast: 2 * Redactor.minimumValueLength) else { return }
            for phase in 0..<2 {
              scratch.pairNibbles(phase: phase)
              scratch.search(text, range: starts, index: index, base64: base64, into: &matches)
            }
          }
        }
        resume = max(resume, run.upperBound)
      }
      probe = resume
    }
  }

  /// Calls `body` with pieces of `run` that together hold every spelling starting in `range`,
  /// each with the starts it answers for: a piece answers for at most `pieceLength` bytes and
  /// reaches one longest spelling past them. Decoding then costs memory in proportion to a
  /// piece, not to the run (a tool's output can be one hex run of many megabytes), and a stream
  /// decodes about its new bytes each time, not the whole run again. A piece of escapes starts
  /// on an escape.
  private func forEachPiece(of run: Range<Int>, unit: Int, starting range: Range<Int>, _ body: (Range<Int>, Range<Int>) -> Void) {
    let lastStart = min(run.upperBound, range.upperBound)
    var start = run.lowerBound + max(0, range.lowerBound - run.lowerBound) / unit * unit
    while start < lastStart {
      let answered = min(lastStart, start + Self.pieceLength)
      body(start..<min(run.upperBound, answered + longestForm), max(start, range.lowerBound)..<answered)
      start = answered
    }
  }

  /// How many starts one decoded piece answers for (a whole number of escapes).
  private static let pieceLength = 6 << 13

  /// The first probe from `probe` through `last` (every `stride` bytes) whose word holds a
  /// backslash or may be hex, or a position past `last`.
  private func nextCandidate(_ text: UnsafeBufferPointer<UInt8>, from probe: Int, through last: Int) -> Int {
    guard let base = text.baseAddress else { return last + 1 }
    let raw = UnsafeRawPointer(base)
    var probe = probe
    while probe <= last {
      let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: probe, as: UInt64.self))
      if ByteSearch.hasByte(UInt8(ascii: "\\"), in: word) || RunDecoder.mayBeHex(word) { return probe }
      probe += stride
    }
    return probe
  }

  /// A hex run long enough to decode reaches at least eight bytes past the probed word on one
  /// side (it is at least 24 bytes long), so a word next to it may be hex as well.
  private func hasHexNeighbour(_ text: UnsafeBufferPointer<UInt8>, _ probe: Int) -> Bool {
    (probe + 16 <= text.count && RunDecoder.mayBeHex(ByteSearch.word(text, at: probe + 8)))
      || (probe >= 8 && RunDecoder.mayBeHex(ByteSearch.word(text, at: probe - 8)))
  }
}
