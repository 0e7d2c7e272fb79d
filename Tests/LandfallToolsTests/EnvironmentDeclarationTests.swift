import LandfallCore
import LandfallFakes
import LandfallModel
import LandfallPolicy
import LandfallTools
import Testing

/// A variable the app does not declare can make its interpreter load code the model wrote, with
/// every secret in reach: only the person approves one.
@Suite struct EnvironmentDeclarationTests {
  @Test func onlyTheAppsOwnVariablesAreRoutine() {
    let connection = HostConnection(connector: FakeHostConnector(host: FakeHost()), target: nil)
    let tool = HostPlaybooks.writeEnvFile(connection)
    let state = MigrationInvariants(app: AppProfile(inventory: Inventory(configPath: "fly.toml", envNames: ["LOG_LEVEL"], secretNames: ["SECRET_KEY_BASE"])))
    let own = tool.action(for: .object([("values", .object([("LOG_LEVEL", .string("info")), ("SECRET_KEY_BASE", .string("{{secret:SECRET_KEY_BASE}}")), ("PORT", .string("8080"))]))]))
    #expect(own == .setsEnvironment(["LOG_LEVEL", "SECRET_KEY_BASE", "PORT"]))
    #expect(state.verdict(for: own).decision == .allow)
    for hook in ["NODE_OPTIONS", "BASH_ENV", "PERL5OPT", "LD_PRELOAD"] {
      let verdict = state.verdict(for: tool.action(for: .object([("values", .object([("LOG_LEVEL", .string("info")), (hook, .string("x"))]))])))
      #expect(verdict.decision == .ask && verdict.approval == .explicit, "\(hook)")
      #expect(verdict.reason.contains("\(hook) is not a variable the app declares"))
    }
  }
}
