/// Breaks text into lines no wider than a terminal, at spaces, counting only what shows
/// (colour sequences take no room). A word longer than the width gets a line of its own.
public enum WordWrapper {
  /// `text` wrapped to `width` columns; the first line starts with `first`, the rest with
  /// `rest` (a hanging indent). Without a width the text is returned on one line.
  public static func wrap(_ text: String, width: Int?, first: String = "", rest: String = "") -> [String] {
    guard let width, width > 0 else { return [first + text] }
    var lines: [String] = []
    var line = first
    var used = visibleWidth(first)
    var lineHasWord = false
    for word in text.split(separator: " ", omittingEmptySubsequences: true) {
      let size = visibleWidth(word)
      if lineHasWord, used + 1 + size > width {
        lines.append(line)
        line = rest
        used = visibleWidth(rest)
        lineHasWord = false
      }
      if lineHasWord {
        line += " "
        used += 1
      }
      line += word
      used += size
      lineHasWord = true
    }
    lines.append(line)
    return lines
  }

  /// Columns `text` takes on a terminal: characters outside `ESC [ … m` sequences.
  public static func visibleWidth<S: StringProtocol>(_ text: S) -> Int {
    var count = 0
    var inEscape = false
    for character in text {
      if inEscape {
        if character.isLetter { inEscape = false }
      } else if character == "\u{1B}" {
        inEscape = true
      } else {
        count += 1
      }
    }
    return count
  }
}
