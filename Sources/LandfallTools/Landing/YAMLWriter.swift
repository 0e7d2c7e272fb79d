public import LandfallModel

/// Writes a JSON value as block-style YAML that every YAML 1.1 and 1.2 reader takes the same
/// way: every string is double-quoted (so `yes`, `0755`, `on` or `1e3` stay strings), keys are
/// quoted unless they are plain identifiers, and mapping order is kept.
public enum YAMLWriter {
  /// One YAML document, ending with a newline.
  public static func document(_ value: JSONValue) -> String {
    var lines: [String] = []
    emit(value, indent: 0, into: &lines)
    return lines.joined(separator: "\n") + "\n"
  }

  /// Several documents separated by `---`.
  public static func documents(_ values: [JSONValue]) -> String {
    values.map(document).joined(separator: "---\n")
  }

  /// A scalar in YAML form (containers give their empty flow form).
  public static func scalar(_ value: JSONValue) -> String {
    switch value {
    case .null: return "null"
    case .bool(let flag): return flag ? "true" : "false"
    case .int(let number): return String(number)
    case .double(let number): return number.isFinite ? String(number) : quoted(String(number))
    case .string(let text): return quoted(text)
    case .array: return "[]"
    case .object: return "{}"
    }
  }

  /// A double-quoted YAML string.
  public static func quoted(_ text: String) -> String {
    var output = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": output += "\\\""
      case "\\": output += "\\\\"
      case "\n": output += "\\n"
      case "\t": output += "\\t"
      case "\r": output += "\\r"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value)
          || scalar.value == 0x2028 || scalar.value == 0x2029 || scalar.value == 0xFEFF
        {
          let hex = String(scalar.value, radix: 16, uppercase: true)
          output += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        } else {
          output.unicodeScalars.append(scalar)
        }
      }
    }
    return output + "\""
  }

  private static let ambiguousKeys: Set<String> = ["y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"]

  static func key(_ text: String) -> String {
    let plain = text.first.map { $0.isASCII && ($0.isLetter || $0 == "_") } == true
      && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_-./".contains($0)) }
      && !ambiguousKeys.contains(text.lowercased())
    return plain ? text : quoted(text)
  }

  private static func isEmptyOrScalar(_ value: JSONValue) -> Bool {
    switch value {
    case .array(let items): return items.isEmpty
    case .object(let pairs): return pairs.isEmpty
    default: return true
    }
  }

  private static func emit(_ value: JSONValue, indent: Int, into lines: inout [String]) {
    let pad = String(repeating: " ", count: indent)
    switch value {
    case .object(let pairs) where !pairs.isEmpty:
      for pair in pairs {
        if isEmptyOrScalar(pair.value) {
          lines.append("\(pad)\(key(pair.key)): \(scalar(pair.value))")
        } else {
          lines.append("\(pad)\(key(pair.key)):")
          emit(pair.value, indent: indent + 2, into: &lines)
        }
      }
    case .array(let items) where !items.isEmpty:
      for item in items {
        if isEmptyOrScalar(item) {
          lines.append("\(pad)- \(scalar(item))")
        } else {
          var nested: [String] = []
          emit(item, indent: indent + 2, into: &nested)
          if var first = nested.first {
            first.replaceSubrange(first.startIndex..<first.index(first.startIndex, offsetBy: indent + 2), with: pad + "- ")
            nested[0] = first
          }
          lines += nested
        }
      }
    default:
      lines.append(pad + scalar(value))
    }
  }
}
