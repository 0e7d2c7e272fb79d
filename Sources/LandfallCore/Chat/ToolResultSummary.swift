import LandfallModel

/// One line a person can read about what a tool returned: for JSON, its fields with counts,
/// names and status; for text, its first line, shortened at a word. The full result stays in
/// the transcript (`/transcript`).
public enum ToolResultSummary {
  /// The summary of `result`, at most about `limit` characters.
  public static func line(_ result: String, limit: Int = 120) -> String {
    let text = String(result.trimmingCharacters(in: " \n\t"))
    if let first = text.first, first == "{" || first == "[", let parsed = try? JSONParser.parse(text) {
      return shorten(describe(parsed), limit: limit)
    }
    let lines = text.split(whereSeparator: \.isNewline)
    guard let firstLine = lines.first else { return "" }
    let more = lines.count > 1 ? " (+\(lines.count - 1) more lines)" : ""
    return shorten(String(firstLine), limit: limit) + more
  }

  static func describe(_ value: JSONValue) -> String {
    switch value {
    case .array(let items): return items.isEmpty ? "none" : "\(items.count) \(items.count == 1 ? "item" : "items")\(names(items))"
    case .object(let fields):
      let parts = fields.compactMap { field -> String? in
        switch field.value {
        case .array(let items): return "\(field.key): \(items.count)\(names(items))"
        case .object(let inner): return "\(field.key): {\(inner.count) fields}"
        case .null: return nil
        default:
          let scalar = scalarText(field.value)
          return scalar.count > 40 ? nil : "\(field.key): \(scalar)"
        }
      }
      return parts.isEmpty ? "\(fields.count) fields" : parts.joined(separator: ", ")
    default: return scalarText(value)
    }
  }

  private static func names(_ items: [JSONValue]) -> String {
    let found = items.compactMap { item -> String? in
      guard case .object = item else { return nil }
      for key in ["name", "id", "hostname", "app", "path"] {
        if let name = item[key]?.stringValue, !name.isEmpty { return name }
      }
      return nil
    }
    guard !found.isEmpty else { return "" }
    let shown = found.prefix(3).joined(separator: ", ")
    return " (\(shown)\(found.count > 3 ? ", …" : ""))"
  }

  private static func scalarText(_ value: JSONValue) -> String {
    if let text = value.stringValue { return text }
    return JSONWriter.string(value)
  }

  private static func shorten(_ text: String, limit: Int) -> String {
    guard text.count > limit else { return text }
    let cut = text.prefix(limit)
    let atWord = cut.lastIndex(of: " ").map { cut[..<$0] } ?? cut
    return String(atWord.trimmingCharacters(in: ",:; ")) + " …"
  }
}
