/// A credential value that never prints: `print`, interpolation, `dump` and mirrors all show a
/// marker. Deliberately not `Codable`, so it cannot be written anywhere by accident.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
  private let value: String

  /// Wraps `value`.
  public init(_ value: String) {
    self.value = value
  }

  /// The one way to read the value: scoped, and easy to find in review.
  public func withValue<R>(_ body: (String) throws -> R) rethrows -> R {
    try body(value)
  }

  public var description: String { "‹secret›" }
  public var debugDescription: String { "Secret(‹secret›)" }
  public var customMirror: Mirror { Mirror(self, children: [:]) }
}

/// The `{{secret:NAME}}` handles the model writes where a secret value must go.
public enum SecretHandle {
  /// The handle text for `name`.
  public static func handle(_ name: String) -> String { "{{secret:\(name)}}" }

  /// Names of every handle in `text`, in order, without duplicates.
  public static func names(in text: String) -> [String] {
    var names: [String] = []
    for range in ranges(in: text) {
      let name = String(text[range.name])
      if !names.contains(name) { names.append(name) }
    }
    return names
  }

  /// Names of every handle anywhere in a JSON value's strings.
  public static func names(in value: JSONValue) -> [String] {
    var names: [String] = []
    func visit(_ value: JSONValue) {
      switch value {
      case .string(let text): names += self.names(in: text).filter { !names.contains($0) }
      case .array(let items): items.forEach(visit)
      case .object(let pairs): pairs.forEach { visit($0.value) }
      default: break
      }
    }
    visit(value)
    return names
  }

  /// `text` with every handle replaced by `replacement(name)`; unknown names stay as they are.
  /// A handle that is a URL's password (`scheme://user:{{secret:NAME}}@host`) gets its value
  /// percent-encoded, so whatever characters the value holds it stays the password: a `/`, `?`
  /// or `@` in it can neither move the URL's other parts nor be quoted back as one of them.
  public static func substitute(_ text: String, _ replacement: (String) -> String?) -> String {
    var result = ""
    var cursor = text.startIndex
    for range in ranges(in: text) {
      result += text[cursor..<range.whole.lowerBound]
      let name = String(text[range.name])
      if let value = replacement(name) {
        result += isURLPassword(text, range.whole) ? percentEncoded(value) : value
      } else {
        result += text[range.whole]
      }
      cursor = range.whole.upperBound
    }
    return result + text[cursor...]
  }

  /// Whether the handle for `name` in `text` is a URL's whole password, exactly where
  /// `substitute` would percent-encode it: the placement check and the substitution read the URL
  /// the same way.
  public static func isWholeURLPassword(_ name: String, in text: String) -> Bool {
    let found = ranges(in: text).filter { text[$0.name] == name }
    return found.count == 1 && isURLPassword(text, found[0].whole)
  }

  /// Whether `handle` is a URL's whole password: right after `scheme://user:` and right before
  /// the `@` that ends the user part.
  static func isURLPassword(_ text: String, _ handle: Range<String.Index>) -> Bool {
    let stoppers: Set<Character> = ["/", "?", "#", "@", ":", " ", "\t", "\n", "\"", "'"]
    let before = text[..<handle.lowerBound]
    guard text[handle.upperBound...].first == "@", before.last == ":", let scheme = before.ranges(of: "://").last else {
      return false
    }
    return !before[scheme.upperBound..<before.index(before: before.endIndex)].contains(where: stoppers.contains)
  }

  private static func percentEncoded(_ value: String) -> String {
    var encoded = ""
    for byte in value.utf8 {
      switch byte {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
        UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
        encoded.unicodeScalars.append(Unicode.Scalar(byte))
      default:
        let hex = Array("0123456789ABCDEF".unicodeScalars)
        encoded.unicodeScalars.append("%")
        encoded.unicodeScalars.append(hex[Int(byte >> 4)])
        encoded.unicodeScalars.append(hex[Int(byte & 15)])
      }
    }
    return encoded
  }

  /// `text` cut into the stretches between handles and the handles themselves, in order.
  public static func pieces(of text: String) -> [(text: Substring, isHandle: Bool)] {
    var pieces: [(text: Substring, isHandle: Bool)] = []
    var cursor = text.startIndex
    for range in ranges(in: text) {
      if cursor < range.whole.lowerBound { pieces.append((text[cursor..<range.whole.lowerBound], false)) }
      pieces.append((text[range.whole], true))
      cursor = range.whole.upperBound
    }
    if cursor < text.endIndex { pieces.append((text[cursor...], false)) }
    return pieces
  }

  private static func ranges(in text: String) -> [(whole: Range<String.Index>, name: Range<String.Index>)] {
    var found: [(whole: Range<String.Index>, name: Range<String.Index>)] = []
    var searchStart = text.startIndex
    while let open = text[searchStart...].firstRange(of: "{{secret:") {
      guard let close = text[open.upperBound...].firstRange(of: "}}") else { break }
      let name = open.upperBound..<close.lowerBound
      if !text[name].isEmpty, text[name].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }) {
        found.append((open.lowerBound..<close.upperBound, name))
      }
      searchStart = close.upperBound
    }
    return found
  }
}
