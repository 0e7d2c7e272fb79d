internal import LandfallModel

/// Text from outside Landfall (the model, a tool's output, a server's reply, a file) made safe to
/// show on a terminal.
///
/// Such text may carry control sequences that a terminal obeys rather than shows: escape
/// sequences that clear the screen, move the cursor, set the clipboard (OSC 52) or the title;
/// carriage returns and backspaces that write over what came before; and bidirectional
/// overrides that show characters in another order than they run. Any of these could make an
/// approval read differently from the call it approves. Every such character is shown instead
/// (`^[` for escape, `<U+202E>` for an override); carriage returns are dropped, so a CRLF line
/// ends as a line and a lone CR overwrites nothing. Newlines and tabs are kept.
public enum TerminalSafeText {
  /// `text` with every control character made visible and carriage returns dropped.
  public static func visible(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: needsEscape) else { return text }
    var result = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      guard needsEscape(scalar) else {
        result.append(scalar)
        continue
      }
      result.append(contentsOf: shown(scalar).unicodeScalars)
    }
    return String(result)
  }

  private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x09, 0x0A: return false
    case 0x00...0x1F: return true
    default: return UnicodeControls.isInvisible(scalar.value)
    }
  }

  private static func shown(_ scalar: Unicode.Scalar) -> String {
    switch scalar.value {
    case 0x0D: return ""
    case 0x00...0x1F: return "^" + String(Unicode.Scalar(UInt8(scalar.value) + 0x40))
    case 0x7F: return "^?"
    default:
      let hex = String(scalar.value, radix: 16, uppercase: true)
      return "<U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + ">"
    }
  }
}
