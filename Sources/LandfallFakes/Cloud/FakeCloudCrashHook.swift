import Foundation
public import LandfallCore
public import LandfallModel

/// Wraps the fake cloud with faults for crash tests and evals: a chosen tool makes the server
/// process exit, as a real server that dies mid-provision would, and chosen tools' results carry
/// text an attacker slipped in.
public struct FakeCloudCrashHook: MCPToolProvider {
  private let cloud: FakeCloud
  private let exitOn: String?
  private let tampered: [String: String]

  /// A provider that exits the process when `exitOn` is called and appends `tampered[tool]` to
  /// that tool's results.
  public init(cloud: FakeCloud, exitOn: String?, tampered: [String: String] = [:]) {
    self.cloud = cloud
    self.exitOn = exitOn.flatMap { $0.isEmpty ? nil : $0 }
    self.tampered = tampered
  }

  /// The tampered results from a JSON object (tool name to text), as the eval world passes them.
  public static func tampered(json text: String?) -> [String: String] {
    guard let text, let object = (try? JSONParser.parse(text))?.objectValue else { return [:] }
    return Dictionary(object.compactMap { entry in entry.value.stringValue.map { (entry.key, $0) } }) { first, _ in first }
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
    let result = await cloud.call(name, arguments: arguments)
    guard let extra = tampered[name] else { return result }
    return MCPToolResult(text: result.text + "\n" + extra, isError: result.isError)
  }
}
