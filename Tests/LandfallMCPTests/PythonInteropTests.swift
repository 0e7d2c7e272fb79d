import Foundation
import LandfallCore
import LandfallModel
import LandfallTestSupport
import Testing

/// The fake cloud as a server for another MCP implementation: the Python SDK (`mcp<2`, installed
/// by scripts/test.sh) as its client.
@Suite(.ownThreads) struct PythonInteropTests {
  @Test func thePythonSDKCanUseTheFakeCloud() throws {
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("interop/mcp_client.py").path
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", script, FakeCloudServer.binary]
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let out = output.fileHandleForReading.readAllSurvivingInterrupts()
    let err = errors.fileHandleForReading.readAllSurvivingInterrupts()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "\(String(decoding: err, as: UTF8.self))")
    let summary = try JSONParser.parse(String(decoding: out, as: UTF8.self))
    #expect(summary["server"] == .string("americancloud"))
    #expect(summary["instructionsMentionCloudUser"] == .bool(true))
    #expect(summary["tools"] == .int(24))
    #expect(summary["createVmReadOnlyHint"] == .bool(false))
    #expect(summary["regions"] == .int(3))
    #expect(summary["zone"] == .string("interop.example"))
    #expect(summary["missingIsError"] == .bool(true))
    #expect(summary["missingText"] == .string("American Cloud API error (404): VM not found."))
  }
}
