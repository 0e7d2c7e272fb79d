/// POSIX-style word splitting and quoting, as flyctl applies to process and release commands.
///
/// Quotes and backslashes group words; there is no variable expansion and no operators.
public enum ShellWords {
  /// The words of `command`. An unterminated quote ends at the end of the text.
  public static func split(_ command: String) -> [String] {
    var words: [String] = []
    var current = ""
    var inWord = false
    var quote: Character?
    var escaped = false
    for character in command {
      if escaped {
        current.append(character)
        escaped = false
        continue
      }
      switch (quote, character) {
      case (nil, "\\"), ("\"", "\\"):
        escaped = true
        inWord = true
      case (nil, "'"), (nil, "\""):
        quote = character
        inWord = true
      case (let open?, _) where character == open:
        quote = nil
      case (nil, _) where character == " " || character == "\t" || character == "\n":
        if inWord { words.append(current) }
        current = ""
        inWord = false
      default:
        current.append(character)
        inWord = true
      }
    }
    if inWord { words.append(current) }
    return words
  }

  /// One command line whose `split` gives back `words`.
  public static func join(_ words: [String]) -> String {
    words.map(quote).joined(separator: " ")
  }

  /// `word` quoted for a POSIX shell only when it needs it.
  public static func quote(_ word: String) -> String {
    let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@%+=:,./-_")
    if !word.isEmpty, word.allSatisfy({ safe.contains($0) }) { return word }
    return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }
}

extension String {
  fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
    split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
  }
}
