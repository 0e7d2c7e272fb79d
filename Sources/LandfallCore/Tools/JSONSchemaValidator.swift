public import LandfallModel

/// Checks tool arguments against the subset of JSON Schema that tool schemas use: `type`,
/// `properties`, `required`, `enum`, `items`, `minimum`/`maximum`, `minLength`, and
/// `additionalProperties: false`. Problems come back as sentences a model can act on.
public enum JSONSchemaValidator {
  /// Every problem found; empty when the value fits.
  public static func problems(_ value: JSONValue, against schema: JSONValue, at path: String = "arguments") -> [String] {
    var problems: [String] = []
    if let type = schema["type"]?.stringValue, !matches(value, type: type) {
      return ["\(path) should be \(article(type)) \(type), not \(describe(value))"]
    }
    if let allowed = schema["enum"]?.arrayValue, !allowed.contains(value) {
      let options = allowed.map { JSONWriter.string($0) }.joined(separator: ", ")
      problems.append("\(path) must be one of \(options)")
    }
    if let minimum = schema["minimum"]?.doubleValue, let number = value.doubleValue, number < minimum {
      problems.append("\(path) must be at least \(JSONWriter.string(.double(minimum)))")
    }
    if let maximum = schema["maximum"]?.doubleValue, let number = value.doubleValue, number > maximum {
      problems.append("\(path) must be at most \(JSONWriter.string(.double(maximum)))")
    }
    if let minLength = schema["minLength"]?.intValue, let text = value.stringValue, text.count < minLength {
      problems.append("\(path) must be at least \(minLength) characters long")
    }
    if case .object(let pairs) = value {
      let properties = schema["properties"]?.objectValue ?? []
      for name in (schema["required"]?.arrayValue ?? []).compactMap(\.stringValue)
      where !pairs.contains(where: { $0.key == name }) {
        problems.append("\(path).\(name) is required")
      }
      for pair in pairs {
        if let propertySchema = properties.first(where: { $0.key == pair.key })?.value {
          problems += self.problems(pair.value, against: propertySchema, at: "\(path).\(pair.key)")
        } else if schema["additionalProperties"]?.boolValue == false {
          let known = properties.map(\.key).joined(separator: ", ")
          problems.append("\(path).\(pair.key) is not a known parameter (known: \(known))")
        }
      }
    }
    if case .array(let items) = value, let itemSchema = schema["items"] {
      for (index, item) in items.enumerated() {
        problems += self.problems(item, against: itemSchema, at: "\(path)[\(index)]")
      }
    }
    return problems
  }

  private static func matches(_ value: JSONValue, type: String) -> Bool {
    switch type {
    case "object": return value.objectValue != nil
    case "array": return value.arrayValue != nil
    case "string": return value.stringValue != nil
    case "boolean": return value.boolValue != nil
    case "integer": return value.intValue != nil
    case "number": return value.doubleValue != nil
    case "null": return value.isNull
    default: return true
    }
  }

  private static func describe(_ value: JSONValue) -> String {
    switch value {
    case .null: return "null"
    case .bool: return "a boolean"
    case .int, .double: return "a number"
    case .string: return "a string"
    case .array: return "an array"
    case .object: return "an object"
    }
  }

  private static func article(_ type: String) -> String {
    ["object", "array", "integer"].contains(type) ? "an" : "a"
  }
}
