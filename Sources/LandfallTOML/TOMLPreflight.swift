internal import LandfallModel

/// A structural check run before the C++ parser: toml++ asserts (and aborts the process) on a
/// few malformed shapes instead of reporting them, so those are found here first and reported
/// as syntax errors with their line and column.
enum TOMLPreflight {
  /// Throws when a line outside any string, array or inline table starts with something that
  /// cannot begin a key, or a table header names no key.
  static func check(_ text: String) throws(InputError) {
    let characters = Array(text)
    var depth = 0
    var line = 1
    var column = 0
    var atLineStart = true
    var string: [Character]?
    var index = 0
    func fail(_ reason: String) -> InputError { InputError(reason, line: line, column: max(column, 1)) }
    func skipToLineEnd() {
      while index + 1 < characters.count, !isNewline(characters[index + 1]) { index += 1 }
    }
    while index < characters.count {
      let character = characters[index]
      column += 1
      defer { index += 1 }
      if isNewline(character) {
        line += 1
        column = 0
        if string?.count == 1 { string = nil }
        atLineStart = true
        continue
      }
      if let open = string {
        if open == ["\""], character == "\\" {
          index += 1
        } else if Array(characters[index..<min(index + open.count, characters.count)]) == open {
          string = nil
          index += open.count - 1
        }
        continue
      }
      switch character {
      case "#":
        skipToLineEnd()
        continue
      case " ", "\t":
        continue
      case "\"", "'":
        let triple = [Character](repeating: character, count: 3)
        let isTriple = Array(characters[index..<min(index + 3, characters.count)]) == triple
        string = isTriple ? triple : [character]
        if isTriple { index += 2 }
        atLineStart = false
        continue
      default:
        break
      }
      if atLineStart, depth == 0 {
        if character == "[" {
          var next = index + 1
          if next < characters.count, characters[next] == "[" { next += 1 }
          while next < characters.count, characters[next] == " " || characters[next] == "\t" { next += 1 }
          guard next < characters.count, isKeyStart(characters[next]) else { throw fail("a table header must name a key") }
          atLineStart = false
          skipToLineEnd()
          continue
        }
        guard isKeyStart(character) else { throw fail("a line must start with a key or a table header") }
      }
      atLineStart = false
      if character == "[" || character == "{" { depth += 1 }
      if character == "]" || character == "}" { depth = max(0, depth - 1) }
    }
  }

  static func isNewline(_ character: Character) -> Bool {
    character == "\n" || character == "\r\n"
  }

  static func isKeyStart(_ character: Character) -> Bool {
    (character.isASCII && (character.isLetter || character.isNumber)) || character == "_" || character == "-" || character == "\""
      || character == "'"
  }
}
