import Foundation
import LandfallCore
import LandfallFakes
import LandfallRigs
import LandfallFly
import LandfallModel
import LandfallTestSupport
import LandfallTools
import LandfallTransport
import Testing

/// `download_backups` against a real OpenSSH server on loopback: staging over SSH, SFTP download,
/// sha256 compared with the server's `sha256sum`, files saved with mode 0600 and never replaced.
@Suite(.serialized, .ownThreads) struct OfflineCopyTests {
  @Test func theFinalDumpAndVolumeArriveIntactOverSFTP() async throws {
    let server = try LoopbackSSHServer()
    defer { server.stop() }
    let base = server.directory
    let dump = (0..<300_000).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 13) }
    try Data(dump).write(to: URL(fileURLWithPath: base + "/final.dump"))
    try FileManager.default.createDirectory(atPath: base + "/volume/uploads", withIntermediateDirectories: true)
    try Data("a picture\n".utf8).write(to: URL(fileURLWithPath: base + "/volume/uploads/one.txt"))
    let connection = HostConnection(
      connector: LibSSH2Connector(knownHostsPath: base + "/landfall/known_hosts"),
      target: SSHTarget(host: "127.0.0.1", port: server.port, user: server.user, identityFile: server.ed25519Key, connectTimeout: .seconds(5)))
    let settings = CutoverSettings(
      connection: connection, resolver: FakeDNSResolver { _ in [] }, recursiveServer: DNSServer(host: "127.0.0.1"), transport: CurlHTTPTransport(),
      fly: FlyToolSettings(
        app: SampleWorld.appName, appDirectory: base,
        flyctl: FlyctlClient(runner: FakeFlyctlCommandRunner(state: SampleWorld.flyState), location: FlyctlLocation(executable: "flyctl")),
        files: LocalFileSource()),
      backupDirectory: base + "/offline", files: LocalFileWriter(), now: { 1_800_000_000 })
    guard let tool = CutoverTools.all(settings).first(where: { $0.tool.spec.name == "download_backups" })?.tool else {
      Issue.record("download_backups is not among the cutover tools")
      return
    }
    let arguments: JSONValue = .object([("dumpPath", .string(base + "/final.dump")), ("volumePath", .string(base + "/volume"))])
    let output = try await tool.run(arguments, context: ToolContext(vault: SecretVault()))
    #expect(!output.isError && output.facts == [.offlineCopySaved], "\(output.text)")
    let savedDump = base + "/offline/final-1800000000.dump"
    #expect(FileManager.default.contents(atPath: savedDump) == Data(dump))
    #expect(output.text.contains(SHA256.hex(dump)))
    let mode = try FileManager.default.attributesOfItem(atPath: savedDump)[.posixPermissions] as? Int
    #expect(mode == 0o600)
    let listing = try await ProcessCommandRunner(path: "/usr/bin:/bin").run(
      CommandRequest(executable: "tar", arguments: ["-tzf", base + "/offline/volume-1800000000.tar.gz"]))
    #expect(listing.standardOutput.contains("./uploads/one.txt"))
    await #expect(throws: ToolFailure.self) { try await tool.run(arguments, context: ToolContext(vault: SecretVault())) }
    await connection.close()
  }
}
