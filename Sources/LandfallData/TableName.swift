/// A table, sequence or other relation named by schema and name.
public struct TableName: Sendable, Hashable, Comparable, CustomStringConvertible {
  public var schema: String
  public var name: String

  /// Creates a name.
  public init(schema: String, name: String) {
    self.schema = schema
    self.name = name
  }

  /// Parses `schema.name` (or `name`, meaning `public.name`) as written by `description`.
  public init(parsing text: String) {
    if let dot = text.firstIndex(of: ".") {
      self.init(schema: String(text[..<dot]), name: String(text[text.index(after: dot)...]))
    } else {
      self.init(schema: "public", name: text)
    }
  }

  /// `schema.name`, for people.
  public var description: String { "\(schema).\(name)" }

  /// `"schema"."name"`, safe inside SQL whatever the characters.
  public var quoted: String { SQLText.identifier(schema) + "." + SQLText.identifier(name) }

  public static func < (lhs: TableName, rhs: TableName) -> Bool {
    (lhs.schema, lhs.name) < (rhs.schema, rhs.name)
  }
}

/// Quoting for text put inside SQL.
enum SQLText {
  /// A double-quoted identifier.
  static func identifier(_ name: String) -> String {
    "\"" + name.replacing("\"", with: "\"\"") + "\""
  }

  /// A single-quoted literal.
  static func literal(_ value: String) -> String {
    "'" + value.replacing("'", with: "''") + "'"
  }
}
