/// The forms a secret value can take in text: as is; base64 at each of the three byte
/// alignments (standard and URL-safe alphabets); percent-encoded (RFC 3986, with `/` kept, with
/// only letters and digits kept, `+` for space, upper- and lowercase `%xx`); JSON-escaped (as
/// most encoders write it, with `\/`, with non-ASCII as `\uXXXX`, and with every character as
/// `\uXXXX`); and hex (upper- and lowercase, contiguous or grouped by one or two bytes with
/// spaces or colons). Line-wrapped base64 is found by `WrappedBase64`.
enum SecretEncodings {
  /// Every distinct form of `value` at least `minimumLength` bytes long, the value itself first.
  static func variants(of value: [UInt8], minimumLength: Int) -> [[UInt8]] {
    var forms: [[UInt8]] = [value]
    for alignment in 0..<3 {
      let fragment = base64Fragment(value, alignment: alignment)
      forms.append(fragment)
      forms.append(urlSafe(fragment))
    }
    let special = value.filter { !isAlphanumeric($0) }
    if !special.isEmpty {
      let punctuationOnly = special.allSatisfy { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "~") }
      let safeSets: [PercentSafe] = punctuationOnly ? [.alphanumeric] : [.unreserved, .unreservedAndSlash, .alphanumeric]
      let spaces: [Bool] = special.contains(UInt8(ascii: " ")) ? [false, true] : [false]
      for uppercase in [true, false] {
        for safe in safeSets {
          for plusForSpace in spaces {
            forms.append(percentEncoded(value, safe: safe, uppercase: uppercase, plusForSpace: plusForSpace))
          }
        }
      }
    }
    let ascii = value.allSatisfy { $0 < 0x80 }
    var styles: [JSONStyle] = [.everyCharacter(uppercase: false), .everyCharacter(uppercase: true)]
    if !special.isEmpty { styles += [.minimal, .slashEscaped] }
    if !ascii { styles.append(.asciiOnly) }
    for style in styles {
      forms.append(jsonEscaped(value, style: style))
    }
    for uppercase in [false, true] {
      forms.append(hex(value, uppercase: uppercase))
      for separator in [UInt8(ascii: " "), UInt8(ascii: ":")] {
        forms.append(groupedHex(value, uppercase: uppercase, separator: separator, bytesPerGroup: 1, skew: 0))
        forms.append(groupedHex(value, uppercase: uppercase, separator: separator, bytesPerGroup: 2, skew: 0))
        forms.append(groupedHex(value, uppercase: uppercase, separator: separator, bytesPerGroup: 2, skew: 1))
      }
    }
    var unique: [[UInt8]] = []
    unique.reserveCapacity(forms.count)
    for form in forms where form.count >= minimumLength && !unique.contains(form) { unique.append(form) }
    return unique
  }

  private static let base64Alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

  /// The base64 characters that depend only on `value` when it starts `alignment` bytes into a
  /// 3-byte group, without padding.
  static func base64Fragment(_ value: [UInt8], alignment: Int) -> [UInt8] {
    let data = [UInt8](repeating: 0, count: alignment) + value
    var output: [UInt8] = []
    output.reserveCapacity(data.count * 4 / 3 + 4)
    var index = 0
    while index < data.count {
      let b0 = UInt32(data[index])
      let b1 = index + 1 < data.count ? UInt32(data[index + 1]) : 0
      let b2 = index + 2 < data.count ? UInt32(data[index + 2]) : 0
      let triple = b0 << 16 | b1 << 8 | b2
      for shift in [18, 12, 6, 0] { output.append(base64Alphabet[Int((triple >> UInt32(shift)) & 63)]) }
      index += 3
    }
    let start = (alignment * 8 + 5) / 6
    let end = (data.count * 8) / 6
    guard start < end else { return [] }
    return Array(output[start..<end])
  }

  /// `fragment` in the URL-safe alphabet (`-` and `_` for `+` and `/`).
  static func urlSafe(_ fragment: [UInt8]) -> [UInt8] {
    fragment.map { $0 == UInt8(ascii: "+") ? UInt8(ascii: "-") : $0 == UInt8(ascii: "/") ? UInt8(ascii: "_") : $0 }
  }

  /// Which bytes a percent-encoder leaves alone.
  enum PercentSafe {
    case unreserved, unreservedAndSlash, alphanumeric
  }

  static func percentEncoded(_ value: [UInt8], safe: PercentSafe, uppercase: Bool, plusForSpace: Bool) -> [UInt8] {
    let digits = hexDigits(uppercase: uppercase)
    var output: [UInt8] = []
    output.reserveCapacity(value.count * 3)
    for byte in value {
      let punctuation = byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "~")
      let kept: Bool
      switch safe {
      case .alphanumeric: kept = isAlphanumeric(byte)
      case .unreserved: kept = isAlphanumeric(byte) || punctuation
      case .unreservedAndSlash: kept = isAlphanumeric(byte) || punctuation || byte == UInt8(ascii: "/")
      }
      if kept {
        output.append(byte)
      } else if plusForSpace, byte == UInt8(ascii: " ") {
        output.append(UInt8(ascii: "+"))
      } else {
        output += [UInt8(ascii: "%"), digits[Int(byte >> 4)], digits[Int(byte & 15)]]
      }
    }
    return output
  }

  /// How a JSON encoder escapes a string.
  enum JSONStyle {
    case minimal, slashEscaped, asciiOnly, everyCharacter(uppercase: Bool)
  }

  static func jsonEscaped(_ value: [UInt8], style: JSONStyle) -> [UInt8] {
    var output: [UInt8] = []
    func escape(_ unit: UInt16, uppercase: Bool) {
      let digits = hexDigits(uppercase: uppercase)
      output += [UInt8(ascii: "\\"), UInt8(ascii: "u")]
      for shift in [12, 8, 4, 0] { output.append(digits[Int((unit >> UInt16(shift)) & 15)]) }
    }
    if case .everyCharacter(let uppercase) = style {
      output.reserveCapacity(value.count * 6)
      if value.allSatisfy({ $0 < 0x80 }) {
        for byte in value { escape(UInt16(byte), uppercase: uppercase) }
      } else {
        for unit in String(decoding: value, as: UTF8.self).utf16 { escape(unit, uppercase: uppercase) }
      }
      return output
    }
    for scalar in String(decoding: value, as: UTF8.self).unicodeScalars {
      switch scalar {
      case "\"": output += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
      case "\\": output += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
      case "\n": output += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
      case "\r": output += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
      case "\t": output += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
      case "/" where { if case .slashEscaped = style { return true } else { return false } }():
        output += [UInt8(ascii: "\\"), UInt8(ascii: "/")]
      default:
        if scalar.value < 0x20 {
          escape(UInt16(scalar.value), uppercase: false)
        } else if scalar.value >= 0x80, case .asciiOnly = style {
          for unit in String(scalar).utf16 { escape(unit, uppercase: false) }
        } else {
          output += Array(String(scalar).utf8)
        }
      }
    }
    return output
  }

  static func hex(_ value: [UInt8], uppercase: Bool) -> [UInt8] {
    let digits = hexDigits(uppercase: uppercase)
    return value.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] }
  }

  /// Hex with `separator` after every `bytesPerGroup` bytes, the first group `skew` bytes short
  /// (a value that starts in the middle of a group in a longer dump).
  static func groupedHex(_ value: [UInt8], uppercase: Bool, separator: UInt8, bytesPerGroup: Int, skew: Int) -> [UInt8] {
    let digits = hexDigits(uppercase: uppercase)
    var output: [UInt8] = []
    for (index, byte) in value.enumerated() {
      if index > 0, (index + skew) % bytesPerGroup == 0 { output.append(separator) }
      output += [digits[Int(byte >> 4)], digits[Int(byte & 15)]]
    }
    return output
  }

  private static func hexDigits(uppercase: Bool) -> [UInt8] {
    Array((uppercase ? "0123456789ABCDEF" : "0123456789abcdef").utf8)
  }

  private static func isAlphanumeric(_ byte: UInt8) -> Bool {
    (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
  }
}
