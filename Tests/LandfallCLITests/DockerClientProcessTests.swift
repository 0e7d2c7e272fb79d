import Foundation
import LandfallCore
import LandfallModel
import LandfallTestSupport
import LandfallTools
import LandfallTransport
import Testing

/// The registry login through real processes: a private folder from `mktemp -d` that exists only
/// for the call, the token on `docker login`'s standard input and nowhere in any argument list.
@Suite(.ownThreads) struct DockerClientProcessTests {
  @Test func theLoginLivesInAPrivateFolderForOneCallOnly() async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("landfall-docker-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let record = folder.appendingPathComponent("record").path
    let program = folder.appendingPathComponent("docker").path
    let script = """
      #!/bin/sh
      config=/nonexistent
      if [ "$1" = "--config" ]; then config=$2; shift 2; fi
      echo "args=$*" >> '\(record)'
      case "$1" in
        login) echo "mode=$(stat -c %a "$config")" >> '\(record)'; cat > "$config/config.json" ;;
        push) [ -s "$config/config.json" ] || { echo "unauthorized: authentication required" >&2; exit 1; }; echo "folder=$config" >> '\(record)'; echo "1: digest: sha256:abc size: 1" ;;
      esac
      """
    try script.write(toFile: program, atomically: true, encoding: .utf8)
    chmod(program, 0o755)
    let docker = DockerClient(runner: ProcessCommandRunner(path: "/usr/bin:/bin"), executable: program)
    let token = "ghp_canaryProcessToken9912"
    let result = try await docker.run(
      ["push", "ghcr.io/acme/chat:1"], login: DockerClient.Login(registry: "ghcr.io", username: "acme-bot", password: Secret(token)))
    #expect(result.succeeded, "\(result.standardError)")
    #expect(result.standardOutput.contains("digest: sha256:abc"))
    let lines = try String(contentsOfFile: record, encoding: .utf8).split(separator: "\n").map(String.init)
    #expect(lines.contains("args=login ghcr.io --username acme-bot --password-stdin"))
    #expect(lines.contains("mode=700"), "\(lines)")
    #expect(lines.contains("args=push ghcr.io/acme/chat:1"))
    #expect(!lines.joined().contains(token))
    let used = try #require(lines.first { $0.hasPrefix("folder=") }?.dropFirst(7))
    #expect(!FileManager.default.fileExists(atPath: String(used)), "the login folder is gone after the call")

    let anonymous = try await docker.run(["push", "ghcr.io/acme/chat:1"])
    #expect(!anonymous.succeeded, "nothing of the login is left for the next call")
    #expect(anonymous.standardError.contains("unauthorized"))
  }
}
