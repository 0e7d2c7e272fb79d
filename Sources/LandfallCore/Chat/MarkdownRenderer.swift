/// Turns the model's Markdown into terminal lines as it streams: headings and `**bold**` in
/// bold, `` `code` `` and code blocks set apart, list items with bullets and hanging indents,
/// every line wrapped at word boundaries. Without colour the markers are removed and nothing
/// else is added. Text is shown a line at a time; `finish()` renders the last partial line.
public struct MarkdownRenderer: Sendable {
  private let colour: Bool
  private let width: Int?
  private var pending = ""
  private var inCodeBlock = false

  /// A renderer for a terminal `width` columns wide (`nil`: no wrapping).
  public init(colour: Bool, width: Int?) {
    self.colour = colour
    self.width = width
  }

  /// The rendered form of every line `text` completes (each ending in a newline).
  public mutating func feed(_ text: String) -> String {
    pending += text
    var out = ""
    while let newline = pending.firstIndex(of: "\n") {
      let line = String(pending[..<newline])
      pending = String(pending[pending.index(after: newline)...])
      if let rendered = render(line) { out += rendered + "\n" }
    }
    return out
  }

  /// The rendered form of a partial last line, without a newline.
  public mutating func finish() -> String {
    defer { pending = "" }
    guard !pending.isEmpty else { return "" }
    return render(pending) ?? ""
  }

  /// True when text waits for the rest of its line.
  public var hasPending: Bool { !pending.isEmpty }

  private mutating func render(_ line: String) -> String? {
    let trimmed = line.drop { $0 == " " }
    if trimmed.hasPrefix("```") {
      inCodeBlock.toggle()
      return nil
    }
    if inCodeBlock { return style("  " + line, Self.code) }
    if let heading = Self.heading(trimmed) {
      return WordWrapper.wrap(inline(heading), width: width).map { style($0, Self.bold) }.joined(separator: "\n")
    }
    if let item = Self.listItem(line) {
      let marker = item.bullet ? "• " : item.marker + " "
      let indent = String(repeating: " ", count: item.indent)
      let hanging = indent + String(repeating: " ", count: marker.count)
      return WordWrapper.wrap(inline(item.text), width: width, first: indent + marker, rest: hanging).joined(separator: "\n")
    }
    let leading = String(line.prefix { $0 == " " })
    return WordWrapper.wrap(inline(String(trimmed)), width: width, first: leading, rest: leading).joined(separator: "\n")
  }

  /// `text` with `**bold**`/`__bold__` and `` `code` `` turned into styles (or plain text).
  func inline(_ text: String) -> String {
    var out = ""
    var rest = Substring(text)
    while let start = rest.firstIndex(where: { $0 == "*" || $0 == "_" || $0 == "`" }) {
      out += rest[..<start]
      let after = rest[start...]
      if after.hasPrefix("`"), let close = after.dropFirst().firstIndex(of: "`") {
        out += style(String(after[after.index(after: start)..<close]), Self.code)
        rest = after[after.index(after: close)...]
      } else if let marker = ["**", "__"].first(where: { after.hasPrefix($0) }),
        let close = after.dropFirst(2).range(of: marker), close.lowerBound > after.index(start, offsetBy: 2)
      {
        out += style(inline(String(after[after.index(start, offsetBy: 2)..<close.lowerBound])), Self.bold)
        rest = after[close.upperBound...]
      } else {
        out += String(after.prefix(1))
        rest = after.dropFirst()
      }
    }
    return out + rest
  }

  private static let bold = ("\u{1B}[1m", "\u{1B}[22m")
  private static let code = ("\u{1B}[36m", "\u{1B}[39m")

  private func style(_ text: String, _ codes: (String, String)) -> String {
    colour ? codes.0 + text + codes.1 : text
  }

  private static func heading(_ line: Substring) -> String? {
    let hashes = line.prefix { $0 == "#" }.count
    guard (1...6).contains(hashes), line.dropFirst(hashes).first == " " else { return nil }
    return String(line.dropFirst(hashes + 1))
  }

  private static func listItem(_ line: String) -> (indent: Int, bullet: Bool, marker: String, text: String)? {
    let indent = line.prefix { $0 == " " }.count
    let body = line.dropFirst(indent)
    if let first = body.first, "-*+".contains(first), body.dropFirst().first == " " {
      return (indent, true, String(first), String(body.dropFirst(2)))
    }
    let digits = body.prefix { $0.isASCII && $0.isNumber }
    let afterDigits = body.dropFirst(digits.count)
    guard !digits.isEmpty, digits.count < 4, afterDigits.hasPrefix(". ") || afterDigits.hasPrefix(") ") else { return nil }
    return (indent, false, digits + String(afterDigits.prefix(1)), String(afterDigits.dropFirst(2)))
  }
}
