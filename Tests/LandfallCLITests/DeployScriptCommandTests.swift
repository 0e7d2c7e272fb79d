import Foundation
import LandfallCore
import LandfallTestSupport
import Testing

@Suite(.ownThreads) struct DeployScriptCommandTests {
  @Test func writesAnExecutableScriptForTheAppAndExplainsTheNextStep() async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("landfall-deploy-cli-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let out = directory + "/nested/deploy.sh"
    let result = try await CLI.run(["deploy-script", "--app-dir", CLI.repository.appendingPathComponent("examples/chatterbox").path, "--out", out])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("wrote \(out)"))
    #expect(result.stdout.contains("release command: bin/rails db:prepare"))
    let mode = try FileManager.default.attributesOfItem(atPath: out)[.posixPermissions] as? Int
    #expect(mode == 0o755)
    let script = try String(contentsOfFile: out, encoding: .utf8)
    #expect(script.hasPrefix("#!/usr/bin/env bash\n# deploy.sh: ships the committed code of chatterbox"))
    #expect(script.contains("PROCESS_GROUPS=('web' 'worker')"))

    let help = Process()
    let output = Pipe()
    help.executableURL = URL(fileURLWithPath: "/bin/bash")
    help.arguments = [out, "--help"]
    help.environment = ["PATH": "/usr/bin:/bin"]
    help.standardOutput = output
    try help.run()
    let text = String(decoding: output.fileHandleForReading.readAllSurvivingInterrupts(), as: UTF8.self)
    help.waitUntilExit()
    #expect(help.terminationStatus == 0)
    #expect(text.contains("./deploy.sh rollback    go back to the version that ran before the current one"), "\(text)")
  }

  @Test func aFolderWithoutFlyTomlIsAUsageError() async throws {
    let result = try await CLI.run(["deploy-script", "--app-dir", "/nonexistent/app"])
    #expect(result.status == 2)
    #expect(result.stderr.contains("fly.toml"), "\(result.stderr)")
  }
}
