internal import LandfallCore
internal import LandfallModel
internal import LandfallPolicy

/// A fault for the evals: a writer the freeze missed. Wraps `data_copy` so that, right after the
/// final copy succeeds, one more row lands on the source database, as a Machine that kept running
/// would write it. Everything else about the call is the wrapped tool's.
struct LateWriteTool: Tool {
  let inner: any Tool
  let sql: String
  let databases: EvalDatabases

  var spec: ToolSpec { inner.spec }
  func effect(for arguments: JSONValue) -> ToolEffect { inner.effect(for: arguments) }
  func action(for arguments: JSONValue) -> MigrationAction { inner.action(for: arguments) }
  func vaultWrites(for arguments: JSONValue) -> [String] { inner.vaultWrites(for: arguments) }
  func replacedFiles(for arguments: JSONValue) -> [String] { inner.replacedFiles(for: arguments) }
  func approvalNotes(for arguments: JSONValue) async -> [String] { await inner.approvalNotes(for: arguments) }

  func run(_ arguments: JSONValue, context: ToolContext) async throws(ToolFailure) -> ToolOutput {
    let output = try await inner.run(arguments, context: context)
    if arguments["final"]?.boolValue == true, !output.isError {
      do {
        try await databases.writeToSource(sql)
      } catch {
        throw .failed(error.description)
      }
    }
    return output
  }
}
