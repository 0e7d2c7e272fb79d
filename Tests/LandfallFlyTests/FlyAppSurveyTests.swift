import LandfallCore
import LandfallFakes
import LandfallFly
import LandfallModel
import LandfallTestSupport
import Testing

@Suite(.ownThreads) struct FlyAppSurveyTests {
  static let world = FakeFlyState(apps: [
    .init(
      name: "shop", organization: "acme", status: "deployed", postgres: false,
      machines: [
        .init(id: "m1", region: "iad", state: "started", processGroup: "app", cpuKind: "shared", cpus: 2,
              memoryMb: 1024, image: "registry.fly.io/shop:1", env: [], autostart: true),
        .init(id: "m2", region: "cdg", state: "stopped", processGroup: "app", cpuKind: "shared", cpus: 2,
              memoryMb: 1024, image: "registry.fly.io/shop:1", env: [], autostart: true),
        .init(id: "m3", region: "ord", state: "started", processGroup: "fly_app_release_command",
              cpuKind: "shared", cpus: 1, memoryMb: 256, image: "registry.fly.io/shop:1", env: [], autostart: false),
      ],
      volumes: [.init(id: "vol_1", name: "uploads", sizeGb: 10, region: "iad", attachedMachineId: "m1")],
      secrets: [("DATABASE_URL", "postgres://shop:hunter2@shop-db.flycast:5432/shop"), ("STRIPE_KEY", "sk_live_x")],
      ips: [], postgresUsers: []),
    .init(
      name: "shop-db", organization: "acme", status: "deployed", postgres: true, machines: [], volumes: [],
      secrets: [], ips: [], postgresUsers: ["shop"]),
  ])

  func survey(_ state: FakeFlyState) -> (FlyAppSurvey, FakeFlyctlCommandRunner) {
    let runner = FakeFlyctlCommandRunner(state: state)
    return (FlyAppSurvey(flyctl: FlyctlClient(runner: runner, location: .init(executable: "flyctl"))), runner)
  }

  @Test func gathersRegionsVolumesSecretNamesSizesAndPostgres() async {
    let facts = await survey(Self.world).0.facts(app: "shop")
    #expect(facts.regions == ["cdg", "iad"])
    #expect(facts.volumes == [.init(name: "uploads", sizeGb: 10, region: "iad")])
    #expect(facts.secretNames == ["DATABASE_URL", "STRIPE_KEY"])
    #expect(facts.groupSizes == [.init(processes: ["app"], size: "shared-cpu-2x", cpus: 2, memoryMb: 1024)])
    #expect(facts.postgresEvidence == [
      "secret DATABASE_URL", "Postgres app shop-db is named after this app",
      "Postgres app shop-db has a user shop (made by fly postgres attach)",
    ])
    #expect(facts.warnings.isEmpty)
  }

  @Test func secretValuesNeverAppearInTheInventory() async throws {
    let result = try await inventory("app = 'shop'\n[[vm]]\nsize = 'shared-cpu-1x'\n", survey: survey(Self.world).0)
    let text = JSONWriter.string(result.json) + InventorySummary.text(result)
    #expect(!text.contains("hunter2"))
    #expect(!text.contains("sk_live_x"))
    #expect(result.secretNames == ["DATABASE_URL", "STRIPE_KEY"])
    #expect(result.vm.first?.size == "shared-cpu-1x")
  }

  @Test func notLoggedInIsOneWarningAndNothingElseIsAsked() async {
    var state = Self.world
    state.loggedIn = false
    let (survey, runner) = survey(state)
    let facts = await survey.facts(app: "shop")
    #expect(facts.warnings == [FlyctlFailure.notLoggedIn.description])
    #expect(facts.secretNames == nil)
    #expect(await runner.requests.count == 1)
  }

  @Test func unknownAppIsAWarningNamingTheApp() async {
    let facts = await survey(Self.world).0.facts(app: "nope")
    #expect(facts.warnings.count == 1)
    #expect(facts.warnings.first?.contains("\"nope\" was not found") == true)
  }

  @Test func missingFlyctlIsAWarningThatSaysHowToFixIt() async throws {
    let runner = ScriptedCommandRunner(answers: [:], fallback: .failure(.notFound(executable: "flyctl")))
    let survey = FlyAppSurvey(flyctl: FlyctlClient(runner: runner, location: .init(executable: "flyctl")))
    let result = try await inventory("app = 'shop'\n", survey: survey)
    #expect(result.warnings.contains { $0.contains("LANDFALL_FLYCTL") })
    #expect(result.secretNames.isEmpty)
  }

  @Test func unreadableJSONFromFlyctlIsAWarning() async {
    let runner = ScriptedCommandRunner(
      answers: [["status", "--json", "-a", "x"]: .success(.init(exitCode: 0, standardOutput: "<html>", standardError: ""))])
    let facts = await FlyAppSurvey(flyctl: FlyctlClient(runner: runner, location: .init(executable: "f"))).facts(app: "x")
    #expect(facts.warnings.first?.contains("could not read") == true)
  }

  @Test func legacyPascalCaseSecretsAreRead() async {
    let answers: [[String]: Result<CommandResult, CommandError>] = [
      ["status", "--json", "-a", "x"]: .success(.init(exitCode: 0, standardOutput: #"{"Machines": []}"#, standardError: "")),
      ["volumes", "list", "--json", "-a", "x"]: .success(.init(exitCode: 0, standardOutput: "[]", standardError: "")),
      ["secrets", "list", "--json", "-a", "x"]: .success(.init(
        exitCode: 0, standardOutput: #"[{"Name": "OLD_TOKEN", "Digest": "abc", "CreatedAt": "2024"}]"#, standardError: "")),
      ["scale", "show", "--json", "-a", "x"]: .success(.init(exitCode: 0, standardOutput: "[]", standardError: "")),
      ["postgres", "list", "--json"]: .success(.init(exitCode: 0, standardOutput: "No postgres clusters found\n", standardError: "")),
    ]
    let runner = ScriptedCommandRunner(answers: answers)
    let facts = await FlyAppSurvey(flyctl: FlyctlClient(runner: runner, location: .init(executable: "f"))).facts(app: "x")
    #expect(facts.secretNames == ["OLD_TOKEN"])
    #expect(facts.postgresEvidence.isEmpty)
    #expect(facts.warnings.isEmpty)
  }
}
