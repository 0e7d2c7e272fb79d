public import LandfallModel
internal import TOMLKit

/// A TOML file read into a generic `JSONValue` tree, the way flyctl first reads fly.toml into a map.
///
/// toml++ keeps table keys sorted, so the order they were written in is recovered from the
/// source text: arrays keep file order anyway, and table keys follow their first appearance
/// after the table's header.
public enum TOMLDocument {
  /// Parses `text`; a syntax error reports its line and column.
  public static func parse(_ text: String) throws(InputError) -> JSONValue {
    try rejectForbiddenCharacters(text)
    try TOMLPreflight.check(text)
    let table: TOMLTable
    do {
      table = try TOMLTable(string: text)
    } catch let error as TOMLParseError {
      throw InputError(error.description, line: error.source.begin.line, column: error.source.begin.column)
    } catch {
      throw InputError(String(describing: error))
    }
    let order = KeyOrder(text: text)
    return convert(table, path: [], order: order)
  }

  /// TOML forbids control characters other than tab, and Landfall refuses text that was not
  /// UTF-8; checking first keeps malformed bytes away from the C++ parser.
  static func rejectForbiddenCharacters(_ text: String) throws(InputError) {
    var line = 1
    var column = 0
    for scalar in text.unicodeScalars {
      column += 1
      if scalar == "\n" {
        line += 1
        column = 0
        continue
      }
      let value = scalar.value
      if value == 0xFFFD {
        throw InputError("the file is not valid UTF-8", line: line, column: column)
      }
      if (value < 0x20 && scalar != "\t" && scalar != "\r") || value == 0x7F {
        throw InputError("control character U+\(String(value, radix: 16, uppercase: true)) is not allowed in TOML", line: line, column: column)
      }
    }
  }

  private static func convert(_ table: TOMLTable, path: [String], order: KeyOrder) -> JSONValue {
    var pairs: [(key: String, value: JSONValue)] = []
    for (key, value) in table {
      pairs.append((key, convert(value, path: path + [key], order: order)))
    }
    let ranked = order.rank(pairs.map(\.key), under: path)
    return .object(pairs.enumerated().sorted { ranked[$0.offset] < ranked[$1.offset] }.map(\.element))
  }

  private static func convert(_ value: any TOMLValueConvertible, path: [String], order: KeyOrder) -> JSONValue {
    switch value.type {
    case .table:
      guard let table = value.table else { return .null }
      return convert(table, path: path, order: order)
    case .array:
      guard let array = value.array else { return .null }
      return .array(array.map { convert($0, path: path, order: order) })
    case .string: return .string(value.string ?? "")
    case .int: return value.int.map(JSONValue.int) ?? .null
    case .double: return value.double.map(JSONValue.double) ?? .null
    case .bool: return value.bool.map(JSONValue.bool) ?? .null
    default: return .string(value.debugDescription)
    }
  }
}

/// Where each key was first written in the source, for restoring file order to TOML tables.
///
/// One pass over the text maps every table header to its first line and every key that starts
/// a line (bare or quoted, before `=` or `.`) to the lines it starts, so ranking a table's keys
/// costs a lookup and a binary search per key, whatever the file's size.
struct KeyOrder {
  private let lineCount: Int
  private var headers: [Substring: Int] = [:]
  private var definitions: [Substring: [Int]] = [:]

  init(text: String) {
    let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
    lineCount = lines.count
    for (number, line) in lines.enumerated() {
      let trimmed = line.drop { $0 == " " || $0 == "\t" }
      if trimmed.first == "[" {
        let inner = trimmed.drop { $0 == "[" }
        if let close = inner.firstIndex(of: "]"), headers[inner[..<close]] == nil { headers[inner[..<close]] = number }
        continue
      }
      if let key = Self.leadingKey(trimmed) { definitions[key, default: []].append(number) }
    }
  }

  /// A sort rank per key: the line of its first definition after the table's header, else late.
  func rank(_ keys: [String], under path: [String]) -> [Int] {
    let start = path.isEmpty ? 0 : headers[Substring(path.joined(separator: "."))] ?? 0
    return keys.enumerated().map { offset, key in
      let found = definitions[Substring(key)].flatMap { lines in Self.firstAtOrAfter(start, in: lines) }
      return (found ?? lineCount) * 1_000 + offset
    }
  }

  private static func firstAtOrAfter(_ start: Int, in lines: [Int]) -> Int? {
    var low = 0
    var high = lines.count
    while low < high {
      let middle = (low + high) / 2
      if lines[middle] < start { low = middle + 1 } else { high = middle }
    }
    return low < lines.count ? lines[low] : nil
  }

  /// The key a line starts with, when `=` or `.` follows it.
  private static func leadingKey(_ line: Substring) -> Substring? {
    guard let first = line.first else { return nil }
    let key: Substring
    let rest: Substring
    if first == "\"" || first == "'" {
      let body = line.dropFirst()
      guard let close = body.firstIndex(of: first) else { return nil }
      key = body[..<close]
      rest = body[body.index(after: close)...]
    } else {
      let end = line.firstIndex { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") } ?? line.endIndex
      key = line[..<end]
      rest = line[end...]
    }
    let next = rest.drop { $0 == " " || $0 == "\t" }.first
    return !key.isEmpty && (next == "=" || next == ".") ? key : nil
  }
}
