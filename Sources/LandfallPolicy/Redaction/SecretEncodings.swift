/// The forms a secret value can take in text: as is; base64 at each of the three byte
/// alignments (standard and URL-safe alphabets); percent-encoded (RFC 3986, with `/` kept, with
/// only letters and digits kept, `+` for space, upper- and lowercase `%xx`); JSON-escaped (as
/// most encoders write it, with `\/`, with non-ASCII as `\uXXXX`, and with every character as
/// `\uXXXX`); and hex (upper- and lowercase, contiguous or grouped by one or two bytes with
/// spaces or colons). Line-wrapped base64 is found by `WrappedBase64`.
///
/// Each encoder appends to a buffer, so a redactor for many secrets writes every form into one
/// flat store without a buffer per form.
enum SecretEncodings {
  /// Calls `body` with each form the redactor searches for, the value itself first, and a
  /// writer that appends the form. A `caseFolded` form is written with lowercase hex digits and
  /// spaces between hex groups and stands for its uppercase and colon-separated spellings too.
  /// With `withoutDecodedSpellings`, hex and `\uXXXX` forms are left out: `DecodedRunSearch`
  /// finds those by decoding the text. With `withoutBase64`, base64 forms are left out too:
  /// `Base64RunSearch` finds them.
  static func forEachSearchForm(
    of value: [UInt8], withoutDecodedSpellings: Bool, withoutBase64: Bool = false,
    _ body: (_ caseFolded: Bool, _ write: (inout FormWriter) -> Void) -> Void
  ) {
    forEachForm(of: value, foldedSpellings: true, decodedSpellings: !withoutDecodedSpellings, base64: !withoutBase64, body)
  }

  /// Every distinct form of `value` at least `minimumLength` bytes long, the value itself first,
  /// each spelling written out.
  static func variants(of value: [UInt8], minimumLength: Int) -> [[UInt8]] {
    var unique: [[UInt8]] = []
    forEachForm(of: value, foldedSpellings: false, decodedSpellings: true, base64: true) { _, write in
      guard let bytes = FormWriter.bytes(capacity: longestForm(of: value.count), write) else { return }
      if bytes.count >= minimumLength && !unique.contains(bytes) { unique.append(bytes) }
    }
    return unique
  }

  /// No form of a value of `count` bytes is longer than this (six bytes for each, as `\\u00XX`).
  static func longestForm(of count: Int) -> Int { count * 6 + 8 }

  private static let exactCase: [Bool] = [false]
  private static let bothCases: [Bool] = [false, true]
  private static let punctuationSafeSets: [PercentSafe] = [.alphanumeric]
  private static let allSafeSets: [PercentSafe] = [.unreserved, .unreservedAndSlash, .alphanumeric]
  private static let spaceKept: [Bool] = [false]
  private static let spaceEither: [Bool] = [false, true]
  private static let foldedSeparators: [UInt8] = [UInt8(ascii: " ")]
  private static let allSeparators: [UInt8] = [UInt8(ascii: " "), UInt8(ascii: ":")]
  private static let hexGroupings: [(bytesPerGroup: Int, skew: Int)] = [(1, 0), (2, 0), (2, 1)]

  private static func forEachForm(
    of value: [UInt8], foldedSpellings: Bool, decodedSpellings: Bool, base64: Bool,
    _ body: (_ caseFolded: Bool, _ write: (inout FormWriter) -> Void) -> Void
  ) {
    let cases = foldedSpellings ? exactCase : bothCases
    body(false) { $0.append(contentsOf: value) }
    if base64 { forEachBase64Form(of: value, body) }
    var hasSpecial = false
    var punctuationOnly = true
    var hasSpace = false
    var hasSlash = false
    var hasNonASCII = false
    var escapedInJSON = false
    for byte in value where !isAlphanumeric(byte) {
      hasSpecial = true
      escapedInJSON = escapedInJSON || byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
      punctuationOnly = punctuationOnly && isUnreservedPunctuation(byte)
      hasSpace = hasSpace || byte == UInt8(ascii: " ")
      hasSlash = hasSlash || byte == UInt8(ascii: "/")
      hasNonASCII = hasNonASCII || byte >= 0x80
    }
    if hasSpecial {
      for uppercase in cases {
        for safe in punctuationOnly ? punctuationSafeSets : allSafeSets {
          for plusForSpace in hasSpace ? spaceEither : spaceKept {
            body(foldedSpellings) {
              appendPercentEncoded(value, safe: safe, uppercase: uppercase, plusForSpace: plusForSpace, to: &$0)
            }
          }
        }
      }
    }
    if decodedSpellings {
      for uppercase in cases {
        body(foldedSpellings) { appendJSONEscaped(value, style: .everyCharacter(uppercase: uppercase), to: &$0) }
      }
    }
    if escapedInJSON { body(false) { appendJSONEscaped(value, style: .minimal, to: &$0) } }
    if hasSlash { body(false) { appendJSONEscaped(value, style: .slashEscaped, to: &$0) } }
    if hasNonASCII { body(false) { appendJSONEscaped(value, style: .asciiOnly, to: &$0) } }
    guard decodedSpellings else { return }
    for uppercase in cases {
      body(foldedSpellings) { appendHex(value, uppercase: uppercase, to: &$0) }
      for separator in foldedSpellings ? foldedSeparators : allSeparators {
        for grouping in hexGroupings {
          body(foldedSpellings) {
            appendGroupedHex(value, uppercase: uppercase, separator: separator, bytesPerGroup: grouping.bytesPerGroup, skew: grouping.skew, to: &$0)
          }
        }
      }
    }
  }

  private static func forEachBase64Form(of value: [UInt8], _ body: (_ caseFolded: Bool, _ write: (inout FormWriter) -> Void) -> Void) {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: value.count * 4 / 3 + 4) { digits in
      for alignment in 0..<3 {
        let count = base64Digits(value, alignment: alignment, into: digits)
        let fragment = UnsafeBufferPointer(rebasing: digits[0..<count])
        body(false) { appendBase64(fragment, alphabet: base64Alphabet, to: &$0) }
        if fragment.contains(where: { $0 >= 62 }) { body(false) { appendBase64(fragment, alphabet: urlSafeAlphabet, to: &$0) } }
      }
    }
  }

  private static let base64Alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
  private static let urlSafeAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

  /// Writes into `digits` the base64 digits (0 to 63) that depend only on `value` when it starts
  /// `alignment` bytes into a 3-byte group, and returns how many there are; `digits` has room
  /// for `value.count * 4 / 3 + 4`.
  static func base64Digits(_ value: [UInt8], alignment: Int, into digits: UnsafeMutableBufferPointer<UInt8>) -> Int {
    let skipped = (alignment * 8 + 5) / 6
    let determined = (alignment + value.count) * 8 / 6
    var bits: UInt32 = 0
    var held = alignment * 8
    var written = 0
    var position = 0
    for byte in value {
      bits = bits << 8 | UInt32(byte)
      held += 8
      while held >= 6 {
        held -= 6
        if position >= skipped && position < determined {
          digits[written] = UInt8((bits >> UInt32(held)) & 63)
          written += 1
        }
        position += 1
      }
      bits &= (1 << UInt32(held)) - 1
    }
    return written
  }

  /// Appends base64 `digits` written in `alphabet`.
  static func appendBase64(_ digits: UnsafeBufferPointer<UInt8>, alphabet: [UInt8], to output: inout FormWriter) {
    output.append(atMost: digits.count) { out in
      alphabet.withUnsafeBufferPointer { alphabet in
        for (index, digit) in digits.enumerated() { out[index] = alphabet[Int(digit)] }
      }
      return digits.count
    }
  }

  /// Which bytes a percent-encoder leaves alone.
  enum PercentSafe {
    case unreserved, unreservedAndSlash, alphanumeric
  }

  static func appendPercentEncoded(_ value: [UInt8], safe: PercentSafe, uppercase: Bool, plusForSpace: Bool, to output: inout FormWriter) {
    output.append(atMost: value.count * 3) { out in
      var written = 0
      for byte in value {
        let kept: Bool
        switch safe {
        case .alphanumeric: kept = isAlphanumeric(byte)
        case .unreserved: kept = isAlphanumeric(byte) || isUnreservedPunctuation(byte)
        case .unreservedAndSlash: kept = isAlphanumeric(byte) || isUnreservedPunctuation(byte) || byte == UInt8(ascii: "/")
        }
        if kept {
          out[written] = byte
          written += 1
        } else if plusForSpace, byte == UInt8(ascii: " ") {
          out[written] = UInt8(ascii: "+")
          written += 1
        } else {
          out[written] = UInt8(ascii: "%")
          out[written + 1] = hexDigit(byte >> 4, uppercase: uppercase)
          out[written + 2] = hexDigit(byte & 15, uppercase: uppercase)
          written += 3
        }
      }
      return written
    }
  }

  /// How a JSON encoder escapes a string.
  enum JSONStyle {
    case minimal, slashEscaped, asciiOnly, everyCharacter(uppercase: Bool)
  }

  static func appendJSONEscaped(_ value: [UInt8], style: JSONStyle, to output: inout FormWriter) {
    func escape(_ unit: UInt16, uppercase: Bool) {
      output.append(UInt8(ascii: "\\"), UInt8(ascii: "u"))
      for shift in stride(from: 12, through: 0, by: -4) { output.append(hexDigit(UInt8((unit >> UInt16(shift)) & 15), uppercase: uppercase)) }
    }
    let ascii = !value.contains { $0 >= 0x80 }
    if case .everyCharacter(let uppercase) = style {
      if ascii {
        output.append(atMost: value.count * 6) { out in
          for (index, byte) in value.enumerated() {
            let at = out + index * 6
            at[0] = UInt8(ascii: "\\")
            at[1] = UInt8(ascii: "u")
            at[2] = UInt8(ascii: "0")
            at[3] = UInt8(ascii: "0")
            at[4] = hexDigit(byte >> 4, uppercase: uppercase)
            at[5] = hexDigit(byte & 15, uppercase: uppercase)
          }
          return value.count * 6
        }
      } else {
        for unit in String(decoding: value, as: UTF8.self).utf16 { escape(unit, uppercase: uppercase) }
      }
      return
    }
    let slashEscaped = if case .slashEscaped = style { true } else { false }
    func appendEscaped(_ scalar: Unicode.Scalar) {
      switch scalar {
      case "\"": output.append(UInt8(ascii: "\\"), UInt8(ascii: "\""))
      case "\\": output.append(UInt8(ascii: "\\"), UInt8(ascii: "\\"))
      case "\n": output.append(UInt8(ascii: "\\"), UInt8(ascii: "n"))
      case "\r": output.append(UInt8(ascii: "\\"), UInt8(ascii: "r"))
      case "\t": output.append(UInt8(ascii: "\\"), UInt8(ascii: "t"))
      case "/" where slashEscaped: output.append(UInt8(ascii: "\\"), UInt8(ascii: "/"))
      default:
        if scalar.value < 0x20 {
          escape(UInt16(scalar.value), uppercase: false)
        } else if scalar.value >= 0x80, case .asciiOnly = style {
          for unit in String(scalar).utf16 { escape(unit, uppercase: false) }
        } else if scalar.value < 0x80 {
          output.append(UInt8(scalar.value))
        } else {
          output.append(contentsOf: String(scalar).utf8)
        }
      }
    }
    if ascii {
      for byte in value { appendEscaped(Unicode.Scalar(byte)) }
    } else {
      for scalar in String(decoding: value, as: UTF8.self).unicodeScalars { appendEscaped(scalar) }
    }
  }

  static func appendHex(_ value: [UInt8], uppercase: Bool, to output: inout FormWriter) {
    output.append(atMost: value.count * 2) { out in
      for (index, byte) in value.enumerated() {
        out[index * 2] = hexDigit(byte >> 4, uppercase: uppercase)
        out[index * 2 + 1] = hexDigit(byte & 15, uppercase: uppercase)
      }
      return value.count * 2
    }
  }

  /// Hex with `separator` after every `bytesPerGroup` bytes, the first group `skew` bytes short
  /// (a value that starts in the middle of a group in a longer dump).
  static func appendGroupedHex(
    _ value: [UInt8], uppercase: Bool, separator: UInt8, bytesPerGroup: Int, skew: Int, to output: inout FormWriter
  ) {
    output.append(atMost: value.count * 3) { out in
      var written = 0
      var leftInGroup = bytesPerGroup - skew
      for byte in value {
        if leftInGroup == 0 {
          out[written] = separator
          written += 1
          leftInGroup = bytesPerGroup
        }
        out[written] = hexDigit(byte >> 4, uppercase: uppercase)
        out[written + 1] = hexDigit(byte & 15, uppercase: uppercase)
        written += 2
        leftInGroup -= 1
      }
      return written
    }
  }

  /// The hex digit for `nibble` (0 to 15).
  @inline(__always)
  private static func hexDigit(_ nibble: UInt8, uppercase: Bool) -> UInt8 {
    nibble < 10 ? nibble &+ 0x30 : nibble &+ (uppercase ? 0x37 : 0x57)
  }

  private static func isUnreservedPunctuation(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "~")
  }

  private static func isAlphanumeric(_ byte: UInt8) -> Bool {
    (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
  }
}
