/// Finds secrets inside base64 that is wrapped into lines of 64 or 76 characters (PEM, MIME,
/// `base64` without `-w 0`), where a line break can fall anywhere inside the encoded value.
///
/// Each run of full-width base64 lines plus the line after it is joined without its line
/// breaks and searched like any other text; a match that crosses a break is mapped back to the
/// bytes it covers, breaks included.
enum WrappedBase64 {
  static let widths = [64, 76]
  /// How far before a range of starts its probing begins: a match that starts in the range may
  /// begin on a line that started up to one line width before it.
  static let lookBehind = 160

  /// Appends matches of `index` that cross a line break and start in `range` to `matches`, as
  /// (start, end, pattern) in `text`.
  static func search(
    _ text: UnsafeBufferPointer<UInt8>, starting range: Range<Int>, index: SampledPatternIndex,
    into matches: inout [(start: Int, end: Int, pattern: Int)]
  ) {
    var probe = max(0, range.lowerBound - lookBehind)
    let last = min(text.count - 8, range.upperBound + 8)
    while probe <= last {
      guard mayBeInLine(text, at: probe) else {
        probe += 32
        continue
      }
      var start = probe
      while start > max(0, probe - lookBehind), isBase64Byte(text[start - 1]) { start -= 1 }
      var end = probe
      while end < text.count, isBase64Byte(text[end]) { end += 1 }
      guard let lines = searchLines(endingWith: start..<end, in: text, starting: range, index: index, base64: nil, into: &matches) else {
        probe = max(end, probe + 32)
        continue
      }
      probe = lines.resume
    }
  }

  /// False when the word at `probe` cannot lie in a run of `widths[0]` base64 bytes: such a run
  /// holds 56 bytes more than the word, so at least 28 on one side, and the two words on that
  /// side lie in it too.
  @inline(__always)
  private static func mayBeInLine(_ text: UnsafeBufferPointer<UInt8>, at probe: Int) -> Bool {
    guard ByteSearch.mayBeInRun(ByteSearch.word(text, at: probe)) else { return false }
    guard probe >= 16, probe + 24 <= text.count else { return true }
    let after = ByteSearch.mayBeInRun(ByteSearch.word(text, at: probe + 8)) && ByteSearch.mayBeInRun(ByteSearch.word(text, at: probe + 16))
    return after || ByteSearch.mayBeInRun(ByteSearch.word(text, at: probe - 8)) && ByteSearch.mayBeInRun(ByteSearch.word(text, at: probe - 16))
  }

  /// What `searchLines` searched: where the next search for wrapped lines goes on from, and
  /// the stretch of text whose runs of base64 bytes were all searched whole, line breaks or not.
  struct Lines {
    var resume: Int
    var covered: Range<Int>
  }

  /// When the run of base64 bytes `run` is at least one line wide and a line break follows
  /// it, searches the wrapped lines it may start as `search` does, and for every decoded
  /// base64 spelling in them with `base64`, whether it crosses a line break or not; otherwise
  /// returns `nil`. Lets a search that finds base64 runs anyway look for wrapped lines without
  /// a pass of its own, and skip the lines searched here.
  static func searchLines(
    endingWith run: Range<Int>, in text: UnsafeBufferPointer<UInt8>, starting range: Range<Int>, index: SampledPatternIndex,
    base64: Base64RunSearch?, into matches: inout [(start: Int, end: Int, pattern: Int)]
  ) -> Lines? {
    let end = run.upperBound
    var newline = end
    if newline < text.count, text[newline] == UInt8(ascii: "\r") { newline += 1 }
    guard run.count >= widths[0], newline < text.count, text[newline] == UInt8(ascii: "\n") else { return nil }
    var lines = Lines(resume: newline + 1, covered: end..<end)
    for width in widths where run.count >= width {
      let region = searchRegion(text, firstLine: end - width, after: newline + 1, width: width, range: range, index: index, base64: base64, into: &matches)
      lines.resume = max(lines.resume, region.resume)
      if region.covered.upperBound > lines.covered.upperBound { lines.covered = region.covered }
    }
    return lines
  }

  /// Searches the region whose first line's last `width` characters start at `firstLine`;
  /// returns where its last full-width line after the first starts (so that line can begin a
  /// region of the other width, when a block changes width there), or `newline` when there is
  /// none, and the stretch from `firstLine` whose runs were joined whole.
  private static func searchRegion(
    _ text: UnsafeBufferPointer<UInt8>, firstLine: Int, after newline: Int, width: Int, range: Range<Int>,
    index: SampledPatternIndex, base64: Base64RunSearch?, into matches: inout [(start: Int, end: Int, pattern: Int)]
  ) -> Lines {
    var lines = [firstLine]
    var next = newline
    var lastFullLine = newline
    while true {
      let end = ByteSearch.next(UInt8(ascii: "\n"), or: UInt8(ascii: "\n"), in: text, from: next)
      var run = next
      while run < min(text.count, next + width), isBase64Byte(text[run]) { run += 1 }
      if run > next { lines.append(next) }
      guard end < text.count, contentEnd(text, next, end) - next == width, run - next == width else { break }
      lastFullLine = next
      next = end + 1
    }
    guard lines.count >= 2 else { return Lines(resume: newline, covered: firstLine..<firstLine) }
    var joined: [UInt8] = []
    var coveredEnd = firstLine
    for start in lines {
      var run = start
      while run < min(text.count, start + width), isBase64Byte(text[run]) { run += 1 }
      joined.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<run]))
      coveredEnd = run < text.count && isBase64Byte(text[run]) ? start : run
    }
    var found: [SampledPatternIndex.Match] = []
    var spelled: [Base64RunSearch.Match] = []
    joined.withUnsafeBufferPointer { joined in
      index.search(joined, starting: 0..<joined.count, into: &found)
      base64?.searchEveryRun(joined, into: &spelled)
    }
    let decodedCount = spelled.count
    spelled += found.map { ($0.start, $0.start + index.length(of: $0.pattern), $0.pattern) }
    for (number, match) in spelled.enumerated() {
      let last = match.end - 1
      guard match.start / width != last / width || number < decodedCount else { continue }
      let start = lines[match.start / width] + match.start % width
      let end = lines[last / width] + last % width + 1
      if range.contains(start) { matches.append((start, end, match.pattern)) }
    }
    return Lines(resume: lastFullLine, covered: firstLine..<coveredEnd)
  }

  private static func contentEnd(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ newline: Int) -> Int {
    newline > start && text[newline - 1] == UInt8(ascii: "\r") ? newline - 1 : newline
  }

  private static func isBase64Byte(_ byte: UInt8) -> Bool {
    (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
      || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
  }
}
