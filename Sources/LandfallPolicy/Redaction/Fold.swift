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
