import Foundation
import LandfallCore
import LandfallFakes
import LandfallFly
import LandfallModel
import LandfallTestSupport
import LandfallTools
import LandfallTransport
import Testing

/// The data tools reaching "Fly Postgres" through `flyctl proxy`: the fake flyctl (the built
/// binary) forwards to a loopback cluster, started and stopped by the tool.
@Suite(.serialized, .ownThreads) struct FlyProxyCopyTests {
  final class World: @unchecked Sendable {
    let source: LoopbackPostgresCluster
    let target: LoopbackPostgresCluster
    let directory: String
    let settings: DataToolSettings

    init(proxying: Bool) throws {
      source = try LoopbackPostgresCluster()
      target = try LoopbackPostgresCluster()
      try source.createDatabase("app")
      try target.createDatabase("app")
      try source.psql("app", SampleDatabase.script(eventRows: 300))
      directory = FileManager.default.temporaryDirectory.appendingPathComponent("landfall-proxy-\(UUID().uuidString)").path
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
      var state = SampleWorld.flyState
      if proxying, let index = state.apps.firstIndex(where: { $0.postgres }) { state.apps[index].proxyTarget = "127.0.0.1:\(source.port)" }
      try FakeFlyStateFile(path: directory + "/fly.json").save(state)
      let flyctl = FlyctlLocation(executable: CLI.binary.path, prefixArguments: ["fake", "flyctl", "--state", directory + "/fly.json", "--"])
      settings = DataToolSettings(
        connector: LibPQConnector(), commands: ProcessCommandRunner(path: "/usr/bin:/bin"), jobs: 2,
        flyProxy: FlyPostgresProxy(launcher: ProcessProgramLauncher(path: "/usr/bin:/bin"), flyctl: flyctl))
    }

    deinit {
      source.stop()
      target.stop()
      try? FileManager.default.removeItem(atPath: directory)
    }

    func arguments(final: Bool) -> JSONValue {
      .object([
        ("source_url", .string("postgres://postgres@notes-demo-db.internal:5432/app")), ("source_fly_app", .string("notes-demo-db")),
        ("target_url", .string(target.url("app"))), ("final", .bool(final)),
      ])
    }
  }

  @Test func theCopyReadsFlyPostgresThroughFlyctlProxy() async throws {
    let world = try World(proxying: true)
    let copy = try await DataCopyTool(settings: world.settings).run(world.arguments(final: true), context: ToolContext(vault: SecretVault()))
    #expect(!copy.isError, "\(copy.text)")
    #expect(copy.facts == [.restoreCompleted], "only Fly Postgres through the proxy against the VM through the tunnel counts")
    #expect(copy.text.contains("does not count for the cutover"))
    let copied = try world.target.psql("app", "SELECT count(*) FROM events")
    #expect(copied.trimmingCharacters(in: .whitespacesAndNewlines) == "300")
  }

  @Test func aProxyFlyctlRefusesIsAToolFailureThatSaysWhy() async throws {
    let world = try World(proxying: false)
    await #expect(throws: ToolFailure.self) {
      try await DataVerifyTool(settings: world.settings).run(world.arguments(final: false), context: ToolContext(vault: SecretVault()))
    }
    do {
      _ = try await DataVerifyTool(settings: world.settings).run(world.arguments(final: false), context: ToolContext(vault: SecretVault()))
    } catch {
      #expect(error.message.contains("no machines are listening on [notes-demo-db.internal]:5432"))
    }
  }
}
