import Foundation
import LandfallCore
import LandfallModel
import LandfallTestSupport
import LandfallTransport
import Testing

/// The kubeconfig exists only while kubectl runs, readable by its owner alone, and never appears
/// in kubectl's arguments.
@Suite(.ownThreads) struct ProcessKubectlTests {
  @Test func theKubeconfigIsAPrivateFileOnlyWhileKubectlRuns() async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("landfall-kubectl-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let record = folder.appendingPathComponent("record").path
    let program = folder.appendingPathComponent("kubectl").path
    let script = """
      #!/bin/sh
      [ "$1" = "--kubeconfig" ] || exit 9
      { echo "path=$2"; echo "mode=$(stat -c %a "$2")"; echo "args=$*"; echo "config=$(cat "$2")"; echo "stdin=$(cat)"; } > '\(record)'
      echo applied
      """
    try script.write(toFile: program, atomically: true, encoding: .utf8)
    chmod(program, 0o755)
    let kubectl = ProcessKubectl(runner: ProcessCommandRunner(path: "/usr/bin:/bin"), executable: program, temporaryDirectory: folder.path)
    let result = try await kubectl.run(
      ["apply", "-f", "-"], kubeconfig: Secret("kind: Config\ntoken: canary-kube-token"), standardInput: Array("{\"kind\":\"List\"}".utf8))
    #expect(result.standardOutput == "applied\n")
    let lines = try String(contentsOfFile: record, encoding: .utf8).split(separator: "\n").map(String.init)
    #expect(lines.contains("mode=600"))
    #expect(lines.contains("stdin={\"kind\":\"List\"}"))
    #expect(lines.contains("token: canary-kube-token"))
    let args = try #require(lines.first { $0.hasPrefix("args=") })
    #expect(!args.contains("canary"))
    let path = try #require(lines.first { $0.hasPrefix("path=") }?.dropFirst(5))
    #expect(!FileManager.default.fileExists(atPath: String(path)), "the kubeconfig is removed after the call")
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["kubectl", "record"])
  }
}
