public import LandfallModel
public import LandfallPolicy

/// Another tool with work done just before and after its run. Everything the policy reads (spec,
/// effect, declared step, vault writes, replaced files, login, notes, secret placement) is the
/// inner tool's, so a wrapper can never weaken a rule by forgetting to forward one.
public struct ToolAround: Tool {
  private let inner: any Tool
  private let before: @Sendable () async throws(ToolFailure) -> Void
  private let after: @Sendable (JSONValue, ToolOutput) async throws(ToolFailure) -> Void

  /// `inner`, with `before` run ahead of each call and `after` given each call's output.
  public init(
    _ inner: any Tool, before: @escaping @Sendable () async throws(ToolFailure) -> Void = {},
    after: @escaping @Sendable (JSONValue, ToolOutput) async throws(ToolFailure) -> Void = { _, _ in }
  ) {
    self.inner = inner
    self.before = before
    self.after = after
  }

  public var spec: ToolSpec { inner.spec }
  public func effect(for arguments: JSONValue) -> ToolEffect { inner.effect(for: arguments) }
  public func action(for arguments: JSONValue) -> MigrationAction { inner.action(for: arguments) }
  public func vaultWrites(for arguments: JSONValue) -> [String] { inner.vaultWrites(for: arguments) }
  public func replacedFiles(for arguments: JSONValue) -> [String] { inner.replacedFiles(for: arguments) }
  public func login(for arguments: JSONValue) -> (address: String, keyPath: String?)? { inner.login(for: arguments) }
  public func approvalNotes(for arguments: JSONValue) async -> [String] { await inner.approvalNotes(for: arguments) }
  public func approvalNotes(for arguments: JSONValue, loginAddressKnown: Bool) async -> [String] {
    await inner.approvalNotes(for: arguments, loginAddressKnown: loginAddressKnown)
  }
  public func misplacedSecrets(in arguments: JSONValue) -> String? { inner.misplacedSecrets(in: arguments) }

  public func run(_ arguments: JSONValue, context: ToolContext) async throws(ToolFailure) -> ToolOutput {
    try await before()
    let output = try await inner.run(arguments, context: context)
    try await after(arguments, output)
    return output
  }
}
