public import LandfallModel

/// Reads dotenv text (`NAME=value` lines) as given to `--secrets-file`.
///
/// Blank lines and `#` comments are skipped; `export ` is allowed; values may be single- or
/// double-quoted (double quotes understand `\n`, `\"` and `\\`). Errors name the line (and the
/// column of a bad name) and never quote the value, nor the text of a line that is not an
/// assignment, which may be a pasted secret.
public enum Dotenv {
  /// The entries in file order; a later duplicate replaces an earlier one.
  public static func parse(_ text: String) throws(InputError) -> [(name: String, value: String)] {
    var entries: [(name: String, value: String)] = []
    var others: [(line: Int, range: Range<Int>)] = []
    var copy = text
    copy.withUTF8 { bytes in
      var start = 0
      var line = 0
      while start <= bytes.count {
        let newline = ByteSearch.next(UInt8(ascii: "\n"), or: UInt8(ascii: "\n"), in: bytes, from: start)
        let end = newline < bytes.count && newline > start && bytes[newline - 1] == UInt8(ascii: "\r") ? newline - 1 : newline
        if let entry = plainAssignment(UnsafeBufferPointer(rebasing: bytes[start..<end])) {
          entries.append(entry)
        } else {
          others.append((line, start..<end))
          entries.append(("", ""))
        }
        line += 1
        start = newline + 1
      }
    }
    if !others.isEmpty {
      for other in others {
        entries[other.line] = try generalAssignment(in: text, other.range, line: other.line + 1) ?? ("", "")
      }
      entries.removeAll { $0.name.isEmpty }
    }
    var last: [String: Int] = [:]
    last.reserveCapacity(entries.count)
    for (index, entry) in entries.enumerated() { last[entry.name] = index }
    guard last.count < entries.count else { return entries }
    return entries.enumerated().filter { last[$0.element.name] == $0.offset }.map(\.element)
  }

  /// The name and value of any line that `plainAssignment` does not take (quotes, `export `,
  /// comments, names beyond ASCII), or `nil` for a blank or comment line.
  private static func generalAssignment(in text: String, _ range: Range<Int>, line number: Int) throws(InputError) -> (name: String, value: String)? {
    let utf8 = text.utf8
    let raw = text[utf8.index(utf8.startIndex, offsetBy: range.lowerBound)..<utf8.index(utf8.startIndex, offsetBy: range.upperBound)]
    var line = trimmed(raw)
    guard let first = line.utf8.first, first != UInt8(ascii: "#") else { return nil }
    if first == UInt8(ascii: "e"), line.utf8.starts(with: "export ".utf8) { line = trimmed(line.dropFirst(7)) }
    guard let equals = line.utf8.firstIndex(of: UInt8(ascii: "=")) else {
      throw InputError("expected NAME=value", line: number)
    }
    let nameText = trimmed(line[..<equals])
    let name = String(nameText)
    guard !name.isEmpty, isName(name) else {
      let bad = nameText.first?.isNumber == true ? nameText.startIndex : nameText.firstIndex { !isNameCharacter($0) } ?? equals
      throw InputError(
        "the text before = is not a variable name (letters, digits, _, . and -, not starting with a digit)",
        line: number, column: raw.distance(from: raw.startIndex, to: bad) + 1)
    }
    let rest = trimmed(line[line.utf8.index(after: equals)...])
    if rest.hasPrefix("\""), rest.count >= 2, rest.hasSuffix("\"") {
      return (name, unescape(rest.dropFirst().dropLast()))
    } else if rest.hasPrefix("'"), rest.count >= 2, rest.hasSuffix("'") {
      return (name, String(rest.dropFirst().dropLast()))
    } else if rest.hasPrefix("\"") || rest.hasPrefix("'") {
      throw InputError("the value of \(name) has an unclosed quote", line: number)
    }
    return (name, String(withoutComment(rest)))
  }

  /// The name and value of a line of the common form `NAME=value` (ASCII name, unquoted
  /// value), read byte by byte; `nil` for any other line, which the general reader takes.
  private static func plainAssignment(_ line: UnsafeBufferPointer<UInt8>) -> (name: String, value: String)? {
    let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
    var start = 0
    var end = line.count
    while start < end, isBlank(line[start]) { start += 1 }
    while end > start, isBlank(line[end - 1]) { end -= 1 }
    guard start < end, let equals = line[start..<end].firstIndex(of: UInt8(ascii: "=")), line[start] != UInt8(ascii: "#"),
      !(line[start] >= 0x30 && line[start] <= 0x39)
    else { return nil }
    var nameEnd = equals
    while nameEnd > start, isBlank(line[nameEnd - 1]) { nameEnd -= 1 }
    guard nameEnd > start, line[start..<nameEnd].allSatisfy(isASCIINameByte) else { return nil }
    if nameEnd - start == 6, line[start..<nameEnd].elementsEqual("export".utf8) { return nil }
    var valueStart = equals + 1
    while valueStart < end, isBlank(line[valueStart]) { valueStart += 1 }
    if valueStart < end, line[valueStart] == UInt8(ascii: "\"") || line[valueStart] == UInt8(ascii: "'") { return nil }
    var valueEnd = valueStart
    while valueEnd < end, !(line[valueEnd] == UInt8(ascii: " ") && valueEnd + 1 < end && line[valueEnd + 1] == UInt8(ascii: "#")) {
      valueEnd += 1
    }
    return (
      String(decoding: UnsafeBufferPointer(rebasing: line[start..<nameEnd]), as: UTF8.self),
      String(decoding: UnsafeBufferPointer(rebasing: line[valueStart..<valueEnd]), as: UTF8.self)
    )
  }

  private static func isASCIINameByte(_ byte: UInt8) -> Bool {
    (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == UInt8(ascii: "_")
      || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
  }

  /// `text` up to a ` #` that starts a comment.
  private static func withoutComment(_ text: Substring) -> Substring {
    var index = text.utf8.startIndex
    while let space = text.utf8[index...].firstIndex(of: UInt8(ascii: " ")) {
      let next = text.utf8.index(after: space)
      if next < text.utf8.endIndex, text.utf8[next] == UInt8(ascii: "#") { return text[..<space] }
      index = next
    }
    return text
  }

  /// `text` without spaces and tabs at either end.
  private static func trimmed(_ text: Substring) -> Substring {
    let blank: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
    guard let first = text.utf8.firstIndex(where: { !blank($0) }), let last = text.utf8.lastIndex(where: { !blank($0) }) else {
      return text[text.endIndex...]
    }
    return text[first..<text.utf8.index(after: last)]
  }

  /// True for a variable name: letters, digits, `_`, `.` and `-`, not starting with a digit.
  private static func isName(_ name: String) -> Bool {
    if let first = name.utf8.first, name.utf8.allSatisfy({ $0 < 0x80 }) {
      return !(first >= 0x30 && first <= 0x39) && name.utf8.allSatisfy(isASCIINameByte)
    }
    return !name.isEmpty && name.allSatisfy(isNameCharacter) && !(name.first?.isNumber ?? true)
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
