/// Splits a command into words the way a POSIX shell would, but only for commands with nothing
/// to expand: single quotes are literal, double quotes may hold no `$`, backquote or backslash,
/// and outside quotes any character the shell treats specially is refused.
public enum ShellWords {
  /// Why a command cannot be taken as plain words.
  public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
  }

  private static let special: Set<Character> = [
    "|", "&", ";", "<", ">", "(", ")", "$", "`", "\\", "*", "?", "[", "]", "{", "}", "~", "!", "#", "\n", "\r", "\0",
  ]

  /// The words of `command`, or why it has shell syntax beyond plain words.
  public static func split(_ command: String) -> Result<[String], Refusal> {
    var words: [String] = []
    var current = ""
    var inWord = false
    var quote: Character?
    for character in command {
      if let open = quote {
        if character == open {
          quote = nil
        } else if open == "\"", ["$", "`", "\\"].contains(character) {
          return .failure(Refusal(description: "it expands \(character) inside double quotes"))
        } else if character == "\0" {
          return .failure(Refusal(description: "it contains a NUL character"))
        } else {
          current.append(character)
        }
        continue
      }
      switch character {
      case " ", "\t":
        if inWord { words.append(current) }
        current = ""
        inWord = false
      case "'", "\"":
        quote = character
        inWord = true
      default:
        if special.contains(character) {
          let shown = character == "\n" ? "a line break" : "\(character)"
          return .failure(Refusal(description: "it uses shell syntax (\(shown)): globbing, expansion, redirection, pipes and chaining are writes"))
        }
        if character.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
          return .failure(Refusal(description: "it contains a control character"))
        }
        current.append(character)
        inWord = true
      }
    }
    if quote != nil { return .failure(Refusal(description: "a quote is not closed")) }
    if inWord { words.append(current) }
    return .success(words)
  }
}
