import LandfallCore
import LandfallFakes
import LandfallFly
import LandfallModel
import LandfallTestSupport
import LandfallTOML
import Testing

@Suite(.ownThreads) struct HostileFilesTests {
  @Test func aShellInstructionRunsLaterShellFormCommands() {
    let parsed = DockerfileParser.parse("FROM debian\nSHELL [\"/bin/bash\", \"-c\"]\nCMD exec ./server --port 8080\n")
    #expect(parsed.finalStage()?.cmd == ["/bin/bash", "-c", "exec ./server --port 8080"])
    let inherited = DockerfileParser.parse("FROM debian AS base\nSHELL [\"/bin/zsh\", \"-c\"]\nFROM base\nENTRYPOINT run.sh\n")
    #expect(inherited.finalStage()?.entrypoint == ["/bin/zsh", "-c", "run.sh"])
  }

  @Test func aFileThatIsNotADockerfileIsNeverEchoedIntoWarnings() {
    let shadow = (0..<500).map { "user\($0):$6$Zq81sEcReT\($0)$hashvalue:19000:0:99999:7:::" }.joined(separator: "\n")
    let parsed = DockerfileParser.parse(shadow)
    #expect(parsed.warnings.count <= DockerfileParser.maximumWarnings + 1)
    for warning in parsed.warnings {
      #expect(!warning.contains("sEcReT") && !warning.uppercased().contains("SECRET") && !warning.contains("USER"), "\(warning)")
    }
    #expect(parsed.warnings.first == "line 1: not a Dockerfile instruction; ignored")
    let exposed = DockerfileParser.parse("FROM x\nEXPOSE hunter2-password\nEXPOSE $PORT\n")
    #expect(exposed.warnings == ["line 2: EXPOSE is not a fixed port; left unresolved", "line 3: EXPOSE $PORT is not a fixed port; left unresolved"])
  }

  @Test func aFlyTomlWithAByteOrderMarkIsRead() async throws {
    let inventory = try await inventory("\u{FEFF}app = 'bom-app'\nprimary_region = 'ams'\n")
    #expect(inventory.app == "bom-app")
  }

  @Test func keyOrderIsLinearInTheSizeOfTheFile() throws {
    func toml(_ groups: Int) -> String {
      var text = "app = 'big'\n[processes]\n"
      for group in 0..<groups { text += "g\(group) = './run \(group)'\n" }
      for group in 0..<groups { text += "[[services]]\n  internal_port = \(8000 + group)\n  processes = ['g\(group)']\n" }
      return text
    }
    let small = toml(50)
    let large = toml(800)
    _ = try TOMLDocument.parse(small)
    let smallTime = ThreadCPUTime.measure { _ = try? TOMLDocument.parse(small) }
    let largeTime = ThreadCPUTime.measure { _ = try? TOMLDocument.parse(large) }
    let parsed = try TOMLDocument.parse(large)
    #expect(parsed["processes"]?.objectValue?.first?.key == "g0")
    #expect(parsed["processes"]?.objectValue?.last?.key == "g799")
    #expect(largeTime < smallTime * 60 + .milliseconds(50), "50 groups \(smallTime), 800 groups \(largeTime)")
  }
}

@Suite(.ownThreads) struct DatabaseAppTests {
  @Test func aFlyPostgresClusterIsADatabaseToDumpNotAnAppToMove() async throws {
    let toml = "app = 'db'\n[build]\n  image = 'flyio/postgres-flex:15'\n[[mounts]]\n  source = 'pg_data'\n  destination = '/data'\n"
    let inventory = try await inventory(toml, dockerfile: nil)
    #expect(inventory.postgres.attached)
    #expect(inventory.postgres.evidence.contains { $0.contains("flyio/postgres") })
    #expect(inventory.warnings.contains { $0.contains("Fly Postgres cluster") && $0.contains("dump") })
  }

  @Test func aDatabaseImageWithoutAVolumeIsWarnedAboutItsRootFilesystem() async throws {
    let toml = "app = 'pg'\n[build]\n  image = 'postgres:16'\n[env]\n  POSTGRES_DB = 'app'\n"
    let inventory = try await inventory(toml, dockerfile: nil)
    #expect(inventory.warnings.contains { $0.contains("root filesystem") })
  }
}
