extension JSONValue {
  /// Where the first object that names a key twice is, as `path.key` (`nil` when none does).
  ///
  /// Readers disagree on such objects (the first value, the last, an error), so a call that holds
  /// one could be judged on one value and carried out with another: tool calls holding one are
  /// refused.
  public func duplicateKey(at path: String = "arguments") -> String? {
    switch self {
    case .object(let pairs):
      var seen = Set<String>()
      for pair in pairs {
        if !seen.insert(pair.key).inserted { return "\(path).\(pair.key)" }
      }
      for pair in pairs {
        if let found = pair.value.duplicateKey(at: "\(path).\(pair.key)") { return found }
      }
      return nil
    case .array(let items):
      for (index, item) in items.enumerated() {
        if let found = item.duplicateKey(at: "\(path)[\(index)]") { return found }
      }
      return nil
    default:
      return nil
    }
  }
}
