/// Reads dotenv text (`NAME=value` lines) as given to `--secrets-file`.
///
/// Blank lines and `#` comments are skipped; `export ` is allowed; values may be single- or
/// double-quoted (double quotes understand `\n`, `\"` and `\\`). Errors name the line and never
/// quote the value.
public enum Dotenv {
  /// One malformed line.
  public struct LineError: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var reason: String

    /// An error on `line`.
    public init(line: Int, reason: String) {
      self.line = line
      self.reason = reason
    }

    public var description: String { "line \(line): \(reason)" }
  }

  /// The entries in file order; a later duplicate replaces an earlier one.
  public static func parse(_ text: String) throws(LineError) -> [(name: String, value: String)] {
    var entries: [(name: String, value: String)] = []
    let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
    for (offset, raw) in lines.enumerated() {
      var line = Substring(raw.trimmingCharacters(in: " \t"))
      if line.isEmpty || line.hasPrefix("#") { continue }
      if line.hasPrefix("export ") { line = line.dropFirst(7).trimmingCharacters(in: " \t") }
      guard let equals = line.firstIndex(of: "=") else {
        throw LineError(line: offset + 1, reason: "expected NAME=value")
      }
      let name = String(line[..<equals].trimmingCharacters(in: " \t"))
      guard !name.isEmpty, name.allSatisfy(isNameCharacter), !(name.first?.isNumber ?? true) else {
        let key = String(name.prefix(while: isNameCharacter).prefix(64))
        throw LineError(
          line: offset + 1,
          reason: key.isEmpty || key.first?.isNumber == true
            ? "the text before = is not a variable name" : "the name \(key) is followed by characters a variable name cannot have")
      }
      let rest = line[line.index(after: equals)...].trimmingCharacters(in: " \t")
      let value: String
      if rest.hasPrefix("\""), rest.count >= 2, rest.hasSuffix("\"") {
        value = unescape(rest.dropFirst().dropLast())
      } else if rest.hasPrefix("'"), rest.count >= 2, rest.hasSuffix("'") {
        value = String(rest.dropFirst().dropLast())
      } else if rest.hasPrefix("\"") || rest.hasPrefix("'") {
        throw LineError(line: offset + 1, reason: "the value of \(name) has an unclosed quote")
      } else {
        value = String(rest.split(separator: " #", maxSplits: 1).first ?? "")
      }
      entries.append((name, value))
    }
    var last: [String: Int] = [:]
    for (index, entry) in entries.enumerated() { last[entry.name] = index }
    return entries.enumerated().filter { last[$0.element.name] == $0.offset }.map(\.element)
  }

  private static func isNameCharacter(_ character: Character) -> Bool {
    character.isLetter || character.isNumber || character == "_" || character == "." || character == "-"
  }

  private static func unescape(_ text: Substring) -> String {
    var output = ""
    var escaped = false
    for character in text {
      if escaped {
        switch character {
        case "n": output.append("\n")
        case "t": output.append("\t")
        case "r": output.append("\r")
        default: output.append(character)
        }
        escaped = false
      } else if character == "\\" {
        escaped = true
      } else {
        output.append(character)
      }
    }
    return output
  }
}
