import LandfallCore
import LandfallFakes
import LandfallModel
import LandfallPolicy
import LandfallTools
import Testing

/// A new env file changes what the app runs against, so the checks that came before it count no
/// more.
@Suite struct EnvFileResetTests {
  @Test func writingTheEnvFileIsAChangeToTheServer() async throws {
    let bench = ReleaseCommandTests.Bench(example: "notes")
    let written = try await bench.run("host_write_env_file", .object([("values", .object([("DATABASE_URL", .string("postgres://x@203.0.113.99/db"))]))]))
    #expect(!written.isError && written.facts == [.serverChanged], "\(written.text)")
  }
}
