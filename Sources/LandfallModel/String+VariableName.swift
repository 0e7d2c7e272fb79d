extension StringProtocol {
  /// Whether this is usable as an environment variable or database name: one or more letters,
  /// digits and underscores.
  public var isVariableName: Bool {
    !isEmpty && allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
  }
}
