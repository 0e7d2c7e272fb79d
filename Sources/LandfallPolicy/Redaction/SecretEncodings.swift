/// The forms a secret value can take in text: as is, base64 at each of the three byte
/// alignments (standard and URL-safe), percent-encoded, JSON-escaped, and hex.
enum SecretEncodings {
  /// Every distinct form of `value` at least `minimumLength` bytes long.
  static func variants(of value: [UInt8], minimumLength: Int) -> [[UInt8]] {
    var forms: [[UInt8]] = [value]
    for alignment in 0..<3 {
      let fragment = base64Fragment(value, alignment: alignment)
      forms.append(fragment)
      forms.append(fragment.map { $0 == UInt8(ascii: "+") ? UInt8(ascii: "-") : $0 == UInt8(ascii: "/") ? UInt8(ascii: "_") : $0 })
    }
    forms.append(percentEncoded(value, keepingPunctuation: true))
    forms.append(percentEncoded(value, keepingPunctuation: false))
    forms.append(jsonEscaped(value))
    forms.append(hex(value, uppercase: false))
    forms.append(hex(value, uppercase: true))
    var unique: [[UInt8]] = []
    for form in forms where form.count >= minimumLength && !unique.contains(form) {
      unique.append(form)
    }
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

  /// Percent-encoding as RFC 3986 does (keeping `-._~`) or as encoders that keep only letters
  /// and digits do.
  static func percentEncoded(_ value: [UInt8], keepingPunctuation: Bool) -> [UInt8] {
    let hexDigits = Array("0123456789ABCDEF".utf8)
    var output: [UInt8] = []
    for byte in value {
      let alphanumeric = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
      let unreserved = alphanumeric || keepingPunctuation && (byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "~"))
      if unreserved {
        output.append(byte)
      } else {
        output += [UInt8(ascii: "%"), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 15)]]
      }
    }
    return output
  }

  static func jsonEscaped(_ value: [UInt8]) -> [UInt8] {
    var output: [UInt8] = []
    for byte in value {
      switch byte {
      case UInt8(ascii: "\""): output += Array("\\\"".utf8)
      case UInt8(ascii: "\\"): output += Array("\\\\".utf8)
      case UInt8(ascii: "\n"): output += Array("\\n".utf8)
      case UInt8(ascii: "\r"): output += Array("\\r".utf8)
      case UInt8(ascii: "\t"): output += Array("\\t".utf8)
      case 0..<0x20:
        let hexDigits = Array("0123456789abcdef".utf8)
        output += Array("\\u00".utf8) + [hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 15)]]
      default: output.append(byte)
      }
    }
    return output
  }

  static func hex(_ value: [UInt8], uppercase: Bool) -> [UInt8] {
    let digits = Array((uppercase ? "0123456789ABCDEF" : "0123456789abcdef").utf8)
    return value.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] }
  }
}
