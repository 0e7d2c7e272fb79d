public import LandfallModel

extension Redactor {
  /// `text` redacted, with `{{secret:NAME}}` handles kept as written: a handle names a secret and
  /// never holds its value, and a record that lost its handles could not be replayed.
  public func redactKeepingHandles(_ text: String) -> String {
    guard text.contains("{{secret:") else { return redact(text) }
    return SecretHandle.pieces(of: text).map { $0.isHandle ? String($0.text) : redact(String($0.text)) }.joined()
  }

  /// Every string in `value` (keys included) redacted, keeping handles.
  public func redactKeepingHandles(_ value: JSONValue) -> JSONValue {
    switch value {
    case .string(let text): return .string(redactKeepingHandles(text))
    case .array(let items): return .array(items.map { redactKeepingHandles($0) })
    case .object(let pairs): return .object(pairs.map { (key: redactKeepingHandles($0.key), value: redactKeepingHandles($0.value)) })
    default: return value
    }
  }
}
