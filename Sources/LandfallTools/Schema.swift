internal import LandfallModel

/// Small builders for the JSON Schemas of built-in tools.
enum Schema {
  static func object(_ properties: [(String, JSONValue)], required: [String] = []) -> JSONValue {
    .object([
      ("type", .string("object")),
      ("properties", .object(properties.map { (key: $0.0, value: $0.1) })),
      ("required", .strings(required)),
      ("additionalProperties", .bool(false)),
    ])
  }

  static func string(_ description: String) -> JSONValue {
    .object([("type", .string("string")), ("description", .string(description))])
  }

  static func integer(_ description: String, minimum: Int? = nil) -> JSONValue {
    var pairs: [(key: String, value: JSONValue)] = [("type", .string("integer")), ("description", .string(description))]
    if let minimum { pairs.append(("minimum", .int(minimum))) }
    return .object(pairs)
  }

  static func strings(_ description: String) -> JSONValue {
    .object([("type", .string("array")), ("items", .object([("type", .string("string"))])), ("description", .string(description))])
  }

  static func enumeration(_ values: [String], _ description: String) -> JSONValue {
    .object([("type", .string("string")), ("enum", .strings(values)), ("description", .string(description))])
  }

  static func boolean(_ description: String) -> JSONValue {
    .object([("type", .string("boolean")), ("description", .string(description))])
  }
}
