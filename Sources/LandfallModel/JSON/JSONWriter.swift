/// Serialises a `JSONValue`, compact or indented, with keys in their stored order.
public enum JSONWriter {
  /// Layout of the produced text.
  public enum Style: Sendable {
    /// One line, no spaces.
    case compact
    /// Indented by the given number of spaces, `"key": value`.
    case pretty(indent: Int)
  }

  /// The JSON text for `value`.
  public static func string(_ value: JSONValue, style: Style = .compact) -> String {
    var out = ""
    write(value, style: style, level: 0, into: &out)
    return out
  }

  private static func write(_ value: JSONValue, style: Style, level: Int, into out: inout String) {
    switch value {
    case .null: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .int(let i): out += String(i)
    case .double(let d): out += format(d)
    case .string(let s): escape(s, into: &out)
    case .array(let elements):
      writeContainer(open: "[", close: "]", count: elements.count, style: style, level: level, into: &out) {
        index, out in write(elements[index], style: style, level: level + 1, into: &out)
      }
    case .object(let pairs):
      writeContainer(open: "{", close: "}", count: pairs.count, style: style, level: level, into: &out) {
        index, out in
        escape(pairs[index].key, into: &out)
        if case .pretty = style { out += ": " } else { out += ":" }
        write(pairs[index].value, style: style, level: level + 1, into: &out)
      }
    }
  }

  private static func writeContainer(
    open: String, close: String, count: Int, style: Style, level: Int, into out: inout String,
    element: (Int, inout String) -> Void
  ) {
    out += open
    guard count > 0 else {
      out += close
      return
    }
    for index in 0..<count {
      if index > 0 { out += "," }
      if case .pretty(let indent) = style {
        out += "\n" + String(repeating: " ", count: indent * (level + 1))
      }
      element(index, &out)
    }
    if case .pretty(let indent) = style {
      out += "\n" + String(repeating: " ", count: indent * level)
    }
    out += close
  }

  private static func format(_ d: Double) -> String {
    guard d.isFinite else { return "null" }
    if d.rounded() == d, abs(d) < 1e15 { return String(Int(d)) }
    return String(d)
  }

  /// Appends `text` as a quoted JSON string. Control characters, DEL, the C1 controls and the
  /// bidirectional formatting characters are written as `\uXXXX`, so JSON printed on a terminal
  /// can neither drive it nor show characters in another order than they are.
  public static func escape(_ text: String, into out: inout String) {
    out += "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "\u{08}": out += "\\b"
      case "\u{0C}": out += "\\f"
      default:
        if scalar.value < 0x20 || UnicodeControls.isInvisible(scalar.value) {
          let hex = String(scalar.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    out += "\""
  }
}
