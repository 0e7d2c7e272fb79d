internal import LandfallModel
internal import MCP

/// Conversions between Landfall's `JSONValue` and the MCP SDK's `Value`.
enum MCPValue {
  static func value(_ json: JSONValue) -> Value {
    switch json {
    case .null: return .null
    case .bool(let b): return .bool(b)
    case .int(let i): return .int(i)
    case .double(let d): return .double(d)
    case .string(let s): return .string(s)
    case .array(let items): return .array(items.map(value))
    case .object(let pairs):
      var object: [String: Value] = [:]
      for pair in pairs { object[pair.key] = value(pair.value) }
      return .object(object)
    }
  }

  static func json(_ value: Value) -> JSONValue {
    switch value {
    case .null: return .null
    case .bool(let b): return .bool(b)
    case .int(let i): return .int(i)
    case .double(let d): return .double(d)
    case .string(let s): return .string(s)
    case .data(_, let data): return .string(data.base64EncodedString())
    case .array(let items): return .array(items.map(json))
    case .object(let object): return .object(object.keys.sorted().map { (key: $0, value: json(object[$0] ?? .null)) })
    }
  }
}
