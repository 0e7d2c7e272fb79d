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

/// `fly_volume_copy` against a real OpenSSH server on loopback: the archive is streamed from a
/// stand-in flyctl (which runs `ssh console -C` words on this machine, as the Machine would, and
/// hands every other command to `landfall fake flyctl`) into `tar -x` over SSH, and the sha256
/// manifests of both sides are compared. The final pass reads through the volume keeper.
@Suite(.serialized, .ownThreads) struct FlyVolumeCopyTests {
  final class Bench: @unchecked Sendable {
    let server: LoopbackSSHServer
    let directory: String
    let tool: FlyVolumeCopyTool
    let fly: FlyToolSettings
    let stateFile: FakeFlyStateFile

    init() throws {
      server = try LoopbackSSHServer()
      directory = server.directory
      let volume = directory + "/fly-volume"
      try FileManager.default.createDirectory(atPath: volume + "/uploads/nested", withIntermediateDirectories: true)
      var generator = SystemRandomNumberGenerator()
      let binary = (0..<3_000_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
      try Data(binary).write(to: URL(fileURLWithPath: volume + "/uploads/photo.bin"))
      try Data("caf\u{e9} notes\n".utf8).write(to: URL(fileURLWithPath: volume + "/uploads/nested/r\u{e9}sum\u{e9}.txt"))
      try Data().write(to: URL(fileURLWithPath: volume + "/empty"))
      let flyctl = directory + "/flyctl"
      stateFile = FakeFlyStateFile(path: directory + "/fly-state.json")
      try stateFile.save(SampleWorld.flyState)
      let script = """
        #!/bin/sh
        if [ "$1" = ssh ]; then
          while [ $# -gt 0 ]; do
            if [ "$1" = "-C" ]; then exec sh -c "$2"; fi
            shift
          done
        fi
        exec '\(CLI.binary.path)' fake flyctl --state '\(stateFile.path)' -- "$@"

        """
      try Data(script.utf8).write(to: URL(fileURLWithPath: flyctl))
      chmod(flyctl, 0o755)
      let location = FlyctlLocation(executable: flyctl)
      fly = FlyToolSettings(
        app: SampleWorld.appName, appDirectory: "/nonexistent",
        flyctl: FlyctlClient(runner: ProcessCommandRunner(path: "/usr/bin:/bin"), location: location), files: InMemoryFileSource([:]))
      let host = HostConnection(
        connector: LibSSH2Connector(knownHostsPath: directory + "/known_hosts"),
        target: SSHTarget(host: "127.0.0.1", port: server.port, user: server.user, identityFile: server.ed25519Key, connectTimeout: .seconds(5)))
      tool = FlyVolumeCopyTool(
        settings: VolumeCopySettings(fly: fly, flyctl: location, launcher: ProcessProgramLauncher(path: "/usr/bin:/bin"), host: host))
    }

    deinit {
      server.stop()
    }

    /// Freezes the fake Fly app and starts a keeper holding its volume at the source folder.
    func freezeAndKeep() async throws -> ToolOutput {
      let context = ToolContext(vault: SecretVault())
      let frozen = try await FlyFreezeTool(settings: fly).run(.object([]), context: context)
      #expect(frozen.facts == [.flyObservedAtZero, .imageReady("registry.fly.io/notes-demo:deployment-01J9", .fly)], "\(frozen.text)")
      return try await FlyVolumeKeeperTool(settings: fly).run(
        .object([
          ("volume", .string("notes_data")), ("path", .string(directory + "/fly-volume")),
          ("image", .string("registry.fly.io/notes-demo:deployment-01J9")),
        ]),
        context: context)
    }

    func copy(final: Bool = false) async throws -> ToolOutput {
      try await tool.run(
        .object([("source_path", .string(directory + "/fly-volume")), ("target_path", .string(directory + "/vm-volume")), ("final", .bool(final))]),
        context: ToolContext(vault: SecretVault()))
    }
  }

  @Test func theVolumeIsStreamedAndBothManifestsMatch() async throws {
    let bench = try Bench()
    let output = try await bench.copy()
    #expect(!output.isError, "\(output.text)")
    #expect(output.text.contains("files on Fly: 3, on the VM: 3"))
    let sent = try Data(contentsOf: URL(fileURLWithPath: bench.directory + "/fly-volume/uploads/photo.bin"))
    let received = try Data(contentsOf: URL(fileURLWithPath: bench.directory + "/vm-volume/uploads/photo.bin"))
    #expect(sent == received)
    #expect(FileManager.default.fileExists(atPath: bench.directory + "/vm-volume/uploads/nested/r\u{e9}sum\u{e9}.txt"))
  }

  @Test func aFileDeletedOnFlyIsNamedAndAFailedUnpackStopsTheCopy() async throws {
    let bench = try Bench()
    _ = try await bench.copy()
    try FileManager.default.removeItem(atPath: bench.directory + "/fly-volume/empty")
    _ = try await bench.freezeAndKeep()
    let again = try await bench.copy(final: true)
    #expect(!again.isError, "\(again.text)")
    #expect(again.text.hasPrefix("final pass"))
    #expect(again.text.contains("only on the VM (deleted on Fly since an earlier pass?): empty"))

    try FileManager.default.removeItem(atPath: bench.directory + "/vm-volume/uploads/photo.bin")
    try FileManager.default.createDirectory(atPath: bench.directory + "/vm-volume/uploads/photo.bin/in-the-way", withIntermediateDirectories: true)
    await #expect(throws: ToolFailure.self) { try await bench.copy() }
  }

  @Test func theFinalPassReadsThroughTheKeeperAndStopsItWithoutDestroyingIt() async throws {
    let bench = try Bench()
    let bulk = try await bench.copy()
    #expect(!bulk.isError && bulk.facts.isEmpty, "\(bulk.text)")
    let early = try await bench.copy(final: true)
    #expect(early.isError && early.facts == [.flyRunning] && early.text.contains("NOT FROZEN"), "\(early.text)")
    let kept = try await bench.freezeAndKeep()
    #expect(!kept.isError && kept.facts == [.flyObservedAtZero], "\(kept.text)")
    let keeper = try #require(try bench.stateFile.load().apps[0].machines.first)
    #expect(keeper.metadata.first?.value == "volume-keeper" && keeper.mountPath == bench.directory + "/fly-volume")

    try Data("written before the freeze\n".utf8).write(to: URL(fileURLWithPath: bench.directory + "/fly-volume/late.txt"))
    let final = try await bench.copy(final: true)
    #expect(!final.isError && final.facts == [.finalDumpTaken], "\(final.text)")
    #expect(final.text.contains("files on Fly: 4, on the VM: 4"))
    #expect(final.text.contains("keeper Machine \(keeper.id) stopped and is not destroyed"))
    let after = try bench.stateFile.load().apps[0]
    #expect(after.machines.map(\.id) == [keeper.id] && after.machines.first?.state == "stopped")
    #expect(after.volumes.first?.attachedMachineId == keeper.id)
    #expect(FileManager.default.fileExists(atPath: bench.directory + "/vm-volume/late.txt"))
  }

  @Test func theFinalPassIsAFinalCopyForTheOrderingRulesAndPathsAreChecked() async throws {
    let bench = try Bench()
    #expect(bench.tool.action(for: .object([("final", .bool(true))])) == .finalDump)
    #expect(bench.tool.action(for: .object([])) == .other)
    await #expect(throws: ToolFailure.self) {
      try await bench.tool.run(
        .object([("source_path", .string("/data; rm -rf /")), ("target_path", .string("/mnt/data"))]), context: ToolContext(vault: SecretVault()))
    }
  }
}
