/// Byte patterns stored end to end in one buffer, each marked exact or case-folded, so that a
/// redactor for thousands of secrets keeps one allocation instead of one per encoded form.
struct PatternSet: Sendable {
  private(set) var storage: [UInt8] = []
  /// Pattern `i` is `storage[offsets[i]..<offsets[i + 1]]`.
  private(set) var offsets: [Int] = [0]
  /// Whether pattern `i` also matches its other hex spellings (see `Fold`).
  private(set) var caseFolded: [Bool] = []
  private var groupStart = 0

  var count: Int { caseFolded.count }

  func length(of pattern: Int) -> Int { offsets[pattern + 1] - offsets[pattern] }

  /// Starts a group of patterns (the forms of one secret); a pattern equal to an earlier one of
  /// the same group is not added twice.
  mutating func beginGroup() {
    groupStart = count
  }

  /// Adds the pattern `write` appends, unless it is shorter than `minimumLength` or repeats one
  /// of its group. Returns whether it was added.
  @discardableResult
  mutating func add(caseFolded folded: Bool, minimumLength: Int, capacity: Int, _ write: (inout FormWriter) -> Void) -> Bool {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { scratch in
      var writer = FormWriter(scratch)
      write(&writer)
      guard let form = writer.written, form.count >= minimumLength else { return false }
      for earlier in groupStart..<count where caseFolded[earlier] == folded && length(of: earlier) == form.count {
        let start = offsets[earlier]
        if storage.withUnsafeBufferPointer({ bytes in (0..<form.count).allSatisfy { bytes[start + $0] == form[$0] } }) { return false }
      }
      storage.append(contentsOf: form)
      offsets.append(storage.count)
      caseFolded.append(folded)
      return true
    }
  }

  /// Makes room for about `bytes` bytes of patterns, so that the store does not grow by copying.
  mutating func reserve(bytes: Int) {
    storage.reserveCapacity(bytes)
  }
}

/// Writes one encoded form into a buffer of fixed capacity; bytes past the capacity are counted
/// but not written, and such a form is not used.
struct FormWriter {
  private let buffer: UnsafeMutableBufferPointer<UInt8>
  private var count = 0

  init(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
    self.buffer = buffer
  }

  /// The bytes written, or `nil` when they did not fit.
  var written: UnsafeBufferPointer<UInt8>? {
    count <= buffer.count ? UnsafeBufferPointer(rebasing: buffer[0..<count]) : nil
  }

  @inline(__always)
  mutating func append(_ byte: UInt8) {
    if count < buffer.count { buffer[count] = byte }
    count += 1
  }

  mutating func append(_ first: UInt8, _ second: UInt8) {
    append(first)
    append(second)
  }

  mutating func append(contentsOf bytes: some Sequence<UInt8>) {
    for byte in bytes { append(byte) }
  }

  /// Lets `fill` write at most `limit` bytes straight into the buffer and return how many it
  /// wrote; without room for `limit` more bytes nothing is written and the form is not used.
  @inline(__always)
  mutating func append(atMost limit: Int, _ fill: (UnsafeMutablePointer<UInt8>) -> Int) {
    guard count + limit <= buffer.count, let base = buffer.baseAddress else {
      count = buffer.count + 1
      return
    }
    count += fill(base + count)
  }

  /// The bytes `write` writes into a buffer of `capacity` bytes, or `nil` when they do not fit.
  static func bytes(capacity: Int, _ write: (inout FormWriter) -> Void) -> [UInt8]? {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { scratch in
      var writer = FormWriter(scratch)
      write(&writer)
      return writer.written.map(Array.init)
    }
  }
}

/// The spellings a case-folded pattern stands for: hex letters in either case, and a colon
/// where the pattern has a space. Search keys are folded for every pattern (letters to
/// lowercase, colons to spaces) so one table entry serves every spelling; exact patterns are
/// still compared byte for byte.
enum Fold {
  /// `word` with every byte's 0x20 bit set and each colon turned into a space.
  @inline(__always)
  static func key(_ word: UInt64) -> UInt64 {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    let folded = word | (ones &* 0x20)
    let colons = folded ^ (ones &* 0x3A)
    let zero = ~(((colons & lows) &+ lows) | colons | lows)
    return folded ^ ((zero >> 7) &* 0x1A)
  }

  /// True when `text` spells `pattern` (written with lowercase hex and spaces) in any case and
  /// with colons or spaces.
  @inline(__always)
  static func matches(_ text: UnsafeRawPointer, _ pattern: UnsafePointer<UInt8>, _ length: Int) -> Bool {
    for index in 0..<length {
      let expected = pattern[index]
      let actual = text.load(fromByteOffset: index, as: UInt8.self)
      if actual == expected { continue }
      if expected >= UInt8(ascii: "a"), expected <= UInt8(ascii: "f"), actual == expected - 0x20 { continue }
      if expected == UInt8(ascii: " "), actual == UInt8(ascii: ":") { continue }
      return false
    }
    return true
  }
}
