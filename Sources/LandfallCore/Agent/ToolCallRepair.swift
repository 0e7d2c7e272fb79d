public import LandfallModel

/// Mends the tool calls small local models get wrong: arguments wrapped in code fences, with
/// trailing commas or single quotes, and calls written as text instead of native tool calls.
public enum ToolCallRepair {
  /// Arguments from a model's raw argument text; `nil` when nothing sensible can be read.
  public static func arguments(_ raw: String) -> JSONValue? {
    let trimmed = stripFences(raw).trimmingCharacters(in: " \n\t\r")
    if trimmed.isEmpty { return .object([]) }
    for candidate in [String(trimmed), removeTrailingCommas(String(trimmed)), removeTrailingCommas(swapQuotes(String(trimmed)))] {
      if let value = try? JSONParser.parse(candidate) {
        if case .string(let inner) = value, let nested = try? JSONParser.parse(inner), nested.objectValue != nil {
          return nested
        }
        return value
      }
    }
    return nil
  }

  /// Tool calls written in text: a `<tool_call>{...}</tool_call>` block or a fenced/bare JSON
  /// object with `name` and `arguments`. Returns the calls and the text without them.
  public static func textToolCalls(in text: String, known: Set<String>, idPrefix: String) -> (calls: [ToolCall], rest: String) {
    var calls: [ToolCall] = []
    var rest = text
    for block in blocks(in: text) {
      guard let value = arguments(block.body), let name = value["name"]?.stringValue, known.contains(name) else { continue }
      let args = value["arguments"] ?? value["parameters"] ?? .object([])
      let parsedArgs = args.stringValue.flatMap { Self.arguments($0) } ?? args
      calls.append(ToolCall(id: "\(idPrefix)-\(calls.count + 1)", name: name, arguments: parsedArgs))
      rest = rest.replacing(block.whole, with: "")
    }
    return (calls, String(rest.trimmingCharacters(in: " \n\t")))
  }

  private static func blocks(in text: String) -> [(whole: String, body: String)] {
    var found: [(whole: String, body: String)] = []
    for (open, close) in [("<tool_call>", "</tool_call>"), ("```json", "```"), ("```", "```")] {
      var cursor = text.startIndex
      while let start = text[cursor...].firstRange(of: open),
        let end = text[start.upperBound...].firstRange(of: close)
      {
        let body = String(text[start.upperBound..<end.lowerBound])
        let whole = String(text[start.lowerBound..<end.upperBound])
        if !found.contains(where: { $0.whole.contains(whole) || whole.contains($0.whole) }) {
          found.append((whole, body))
        }
        cursor = end.upperBound
      }
    }
    let trimmed = text.trimmingCharacters(in: " \n\t")
    if found.isEmpty, trimmed.hasPrefix("{"), trimmed.hasSuffix("}") {
      found.append((String(trimmed), String(trimmed)))
    }
    return found
  }

  private static func stripFences(_ text: String) -> Substring {
    var body = text.trimmingCharacters(in: " \n\t\r")
    guard body.hasPrefix("```") else { return body }
    body = body.dropFirst(3).drop { $0 != "\n" && $0 != "{" && $0 != "[" }
    if body.hasSuffix("```") { body = body.dropLast(3) }
    return body
  }

  private static func removeTrailingCommas(_ text: String) -> String {
    var output = ""
    var inString = false
    var escaped = false
    var pendingComma = false
    for character in text {
      if inString {
        output.append(character)
        if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inString = false }
        continue
      }
      if character == "," {
        if pendingComma { output.append(",") }
        pendingComma = true
        continue
      }
      if pendingComma {
        if character == "}" || character == "]" {
          pendingComma = false
        } else if !character.isWhitespace {
          output.append(",")
          pendingComma = false
        }
      }
      if character == "\"" { inString = true }
      output.append(character)
    }
    return output
  }

  private static func swapQuotes(_ text: String) -> String {
    var output = ""
    var inDouble = false
    for character in text {
      if character == "\"" { inDouble.toggle() }
      output.append(character == "'" && !inDouble ? "\"" : character)
    }
    return output
  }
}
