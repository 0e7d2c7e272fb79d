/// Finds the next occurrence of one of two bytes, eight bytes at a time.
enum ByteSearch {
  /// The index of the next `first` or `second` at or after `start` in `text`, or `text.count`.
  /// A word's lowest flagged byte is always a match: a borrow only runs upwards from one.
  static func next(_ first: UInt8, or second: UInt8, in text: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
    var index = max(start, 0)
    if let base = text.baseAddress {
      let raw = UnsafeRawPointer(base)
      let ones: UInt64 = 0x0101_0101_0101_0101
      let highs: UInt64 = 0x8080_8080_8080_8080
      let firstWord = ones &* UInt64(first)
      let secondWord = ones &* UInt64(second)
      while index + 8 <= text.count {
        let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
        let a = word ^ firstWord
        let b = word ^ secondWord
        let found = ((a &- ones) & ~a | (b &- ones) & ~b) & highs
        if found != 0 { return index + found.trailingZeroBitCount / 8 }
        index += 8
      }
    }
    while index < text.count, text[index] != first, text[index] != second { index += 1 }
    return index
  }

  /// True when none of the eight bytes of `word` is below `+`, a colon or non-ASCII: the word
  /// may lie inside a run of token or base64 bytes.
  @inline(__always)
  static func mayBeInRun(_ word: UInt64) -> Bool {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let colons = word ^ (ones &* 0x3A)
    let low = (word &- ones &* 0x2B) & ~word
    let colon = (colons &- ones) & ~colons
    return (low | colon | word) & 0x8080_8080_8080_8080 == 0
  }

  /// True when one of the eight bytes of `word` is `byte`.
  @inline(__always)
  static func hasByte(_ byte: UInt8, in word: UInt64) -> Bool {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let differences = word ^ (ones &* UInt64(byte))
    return (differences &- ones) & ~differences & 0x8080_8080_8080_8080 != 0
  }

  /// The eight bytes of `text` at `offset`, little-endian.
  @inline(__always)
  static func word(_ text: UnsafeBufferPointer<UInt8>, at offset: Int) -> UInt64 {
    guard let base = text.baseAddress else { return 0 }
    return UInt64(littleEndian: UnsafeRawPointer(base).loadUnaligned(fromByteOffset: offset, as: UInt64.self))
  }
}
