import Foundation
public import LandfallCore
public import LandfallModel

/// Wraps the fake cloud so that a chosen tool makes the server process exit, as a real server
/// that dies mid-provision would (for crash tests and evals).
public struct FakeCloudCrashHook: MCPToolProvider {
  private let cloud: FakeCloud
  private let exitOn: String?

  /// A provider that exits the process when `exitOn` is called.
  public init(cloud: FakeCloud, exitOn: String?) {
    self.cloud = cloud
    self.exitOn = exitOn.flatMap { $0.isEmpty ? nil : $0 }
  }

  public var serverInfo: (name: String, version: String) { cloud.serverInfo }
  public var instructions: String { cloud.instructions }

  public func tools() async -> [MCPToolDefinition] {
    await cloud.tools()
  }

  public func call(_ name: String, arguments: JSONValue) async -> MCPToolResult {
    if name == exitOn {
      FileHandle.standardError.writeText("[americancloud-mcp] fatal: simulated crash in \(name)\n")
      exit(70)
    }
    return await cloud.call(name, arguments: arguments)
  }
}
