public import LandfallCore
public import LandfallModel
public import LandfallPolicy

/// A host tool: builds a script from its arguments, runs it on the server, and turns the result
/// into a short summary (and facts). Each playbook is idempotent: running it twice changes
/// nothing the second time.
public struct HostPlaybookTool: Tool {
  /// What a playbook produces for one call.
  public struct Plan: Sendable {
    public var script: HostScript
    public var input: [UInt8]
  }

  public let spec: ToolSpec
  private let declaredAction: @Sendable (JSONValue) -> MigrationAction
  private let connection: HostConnection
  private let plan: @Sendable (JSONValue, ToolContext) async throws(ToolFailure) -> Plan
  private let summarize: @Sendable (JSONValue, SSHExecResult) -> ToolOutput

  /// A playbook tool; `action` says which ordering-relevant step a call with these arguments is.
  public init(
    spec: ToolSpec, action: @escaping @Sendable (JSONValue) -> MigrationAction = { _ in .other }, connection: HostConnection,
    plan: @escaping @Sendable (JSONValue, ToolContext) async throws(ToolFailure) -> Plan,
    summarize: @escaping @Sendable (JSONValue, SSHExecResult) -> ToolOutput
  ) {
    self.spec = spec
    declaredAction = action
    self.connection = connection
    self.plan = plan
    self.summarize = summarize
  }

  public func action(for arguments: JSONValue) -> MigrationAction { declaredAction(arguments) }

  public func run(_ arguments: JSONValue, context: ToolContext) async throws(ToolFailure) -> ToolOutput {
    let planned = try await plan(arguments, context)
    let result = try await connection.run(planned.script.text, input: planned.input)
    return summarize(arguments, result)
  }

  /// The usual summary: the last lines of output on success; the exit status and the tail of
  /// standard error on failure.
  public static func standardSummary(_ success: String) -> @Sendable (JSONValue, SSHExecResult) -> ToolOutput {
    { _, result in
      guard result.exitStatus == 0 else {
        let tail = result.errors.split(separator: "\n").suffix(12).joined(separator: "\n")
        return ToolOutput("failed with exit status \(result.exitStatus):\n\(tail)", isError: true)
      }
      let lines = result.output.split(separator: "\n").suffix(8).joined(separator: "\n")
      return ToolOutput(lines.isEmpty ? success : "\(success)\n\(lines)")
    }
  }
}
