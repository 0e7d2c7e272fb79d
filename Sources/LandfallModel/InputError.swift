/// Input Landfall cannot use, and where: the file (or other named source), the 1-based line and
/// column when they are known, and what is wrong.
///
/// Every reader of a file or pasted text throws this one type. With a source it prints the way
/// compilers do, `source:line:column: message`; without one, `line 3, column 7: message`.
public struct InputError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The file or other named input (`fly.toml`, `arguments`); `nil` until a caller that knows it sets it.
  public var source: String?
  /// The 1-based line of the problem; `nil` when it concerns the input as a whole.
  public var line: Int?
  /// The 1-based column on `line`, when known.
  public var column: Int?
  /// What is wrong, in words that say what to fix.
  public var message: String

  /// An error in `source` at `line`:`column`.
  public init(_ message: String, source: String? = nil, line: Int? = nil, column: Int? = nil) {
    self.message = message
    self.source = source
    self.line = line
    self.column = column
  }

  /// The same error, reported as coming from `source`.
  public func from(_ source: String) -> InputError {
    var error = self
    error.source = source
    return error
  }

  public var description: String {
    let position = line.map { line in [line] + (column.map { [$0] } ?? []) } ?? []
    if let source {
      return ([source] + position.map(String.init)).joined(separator: ":") + ": " + message
    }
    guard let line else { return message }
    return "line \(line)" + (column.map { ", column \($0)" } ?? "") + ": " + message
  }
}
