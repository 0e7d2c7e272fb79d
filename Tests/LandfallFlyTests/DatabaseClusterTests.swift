import LandfallCore
import LandfallFakes
import LandfallRigs
import LandfallFly
import LandfallModel
import LandfallTestSupport
import Testing

/// Fly Postgres clusters are databases to dump, never apps to land on a VM; a database whose data
/// lives on the root filesystem is said to be so.
@Suite(.ownThreads) struct DatabaseClusterTests {
  /// The fly.toml `fly config save` writes for a Postgres flex cluster: no [build] image, the
  /// data volume, the health checks and metrics.
  static let clusterToml = """
    app = 'notes-db'
    primary_region = 'iad'

    [env]
      PRIMARY_REGION = 'iad'

    [[mounts]]
      source = 'pg_data'
      destination = '/data'

    [checks]
      [checks.pg]
        port = 5500
        type = 'http'
        interval = '15s'
        timeout = '10s'
        path = '/flycheck/pg'
      [checks.role]
        port = 5500
        type = 'http'
        interval = '15s'
        timeout = '10s'
        path = '/flycheck/role'

    [metrics]
      port = 9187
      path = '/metrics'
    """

  static func survey(app: String, labels: [(name: String, value: String)]) -> FlyAppSurvey {
    var machines: [FakeFlyState.Machine] = []
    for (index, region) in ["iad", "iad"].enumerated() {
      var machine = FakeFlyState.Machine(id: "pg\(index)", region: region, image: "docker-hub-mirror.fly.io/flyio/postgres-flex:15.6")
      machine.imageLabels = labels
      machines.append(machine)
    }
    let state = FakeFlyState(apps: [
      .init(
        name: app, postgres: true, machines: machines,
        volumes: [.init(id: "vol_pg", name: "pg_data", sizeGb: 10, region: "iad", attachedMachineId: "pg0")])
    ])
    return FlyAppSurvey(flyctl: FlyctlClient(runner: FakeFlyctlCommandRunner(state: state), location: .init(executable: "flyctl")))
  }

  static let clusterLabels = [("fly.app_role", "postgres_cluster"), ("fly.pg-version", "15.6"), ("fly.version", "v0.0.51")]

  @Test func aClusterKnownByItsImageLabelIsADatabaseToDumpNotAnAppForAVM() async throws {
    let result = try await inventory(Self.clusterToml, dockerfile: nil, survey: Self.survey(app: "notes-db", labels: Self.clusterLabels))
    #expect(result.target == .database)
    #expect(result.runtime == .database)
    #expect(result.databaseReason?.contains("fly.app_role=postgres_cluster") == true)
    #expect(result.postgres.evidence.contains { $0.contains("fly.app_role=postgres_cluster") })
    #expect(result.json["target"] == .string("database"))
    #expect(result.json["databaseReason"] == .string(result.databaseReason))
    let summary = InventorySummary.text(result)
    #expect(summary.contains("Lands on: nothing to move as an app"), "\(summary)")
    #expect(summary.contains("Postgres: this app is the database"))
    #expect(!summary.contains("Lands on: one VM"))
  }

  @Test func askingForAVMDoesNotLandAClusterAsAnApp() async throws {
    let files = InMemoryFileSource(["app/fly.toml": Self.clusterToml])
    let builder = InventoryBuilder(files: files, survey: Self.survey(app: "notes-db", labels: Self.clusterLabels))
    let result = try await builder.build(appDirectory: "app", requestedTarget: .vm)
    #expect(result.target == .database)
  }

  @Test func withoutTheLabelTheVolumeAloneIsOnlyEvidence() async throws {
    let result = try await inventory(Self.clusterToml, dockerfile: nil, survey: Self.survey(app: "notes-db", labels: [("fly.app_role", "app")]))
    #expect(result.target == .vm)
    #expect(result.databaseReason == nil)
    #expect(result.json["databaseReason"] == nil)
    #expect(result.postgres.evidence.contains { $0.contains("pg_data") })
  }

  @Test func theFlyPostgresImageInFlyTomlMakesACluster() async throws {
    let toml = "app = 'db'\n[build]\n  image = 'flyio/postgres-flex:15'\n[[mounts]]\n  source = 'pg_data'\n  destination = '/data'\n"
    let result = try await inventory(toml, dockerfile: nil)
    #expect(result.target == .database)
    #expect(result.databaseReason?.contains("pg_data") == true)
  }

  @Test func aDatabaseImageKeptByPersistRootfsIsWarnedAboutItsRootFilesystem() async throws {
    let toml = "app = 'pg'\n[build]\n  image = 'postgres:16'\n[env]\n  POSTGRES_DB = 'app'\n[[vm]]\n  size = 'shared-cpu-1x'\n  persist_rootfs = 'always'\n"
    let result = try await inventory(toml, dockerfile: nil)
    #expect(result.dataOnRootFilesystem)
    #expect(result.target == .vm)
    #expect(result.warnings.contains { $0.contains("root filesystem") && $0.contains("persist_rootfs = \"always\"") }, "\(result.warnings)")
    #expect(InventorySummary.text(result).contains("no volumes: the database's data is on the Machine's root filesystem"))
    #expect(result.json["dataOnRootFilesystem"] == .bool(true))
  }

  @Test func aDatabaseImageWithoutPersistRootfsLosesItsDataOnRestart() async throws {
    let toml = "app = 'pg'\n[build]\n  image = 'postgres:16'\n[[vm]]\n  persist_rootfs = 'never'\n"
    let result = try await inventory(toml, dockerfile: nil)
    #expect(result.warnings.contains { $0.contains("lost whenever the Machine restarts") }, "\(result.warnings)")
  }

  @Test func servicesAndMountsNamingGroupsAreLinearInTheNumberOfGroups() throws {
    func config(_ groups: Int) throws -> FlyConfig {
      var text = "app = 'big'\n[processes]\n"
      for group in 0..<groups { text += "g\(group) = './run \(group)'\n" }
      for group in 0..<groups { text += "[[services]]\n  internal_port = \(8000 + group)\n  processes = ['g\(group)']\n" }
      for group in 0..<groups { text += "[[mounts]]\n  source = 'v\(group)'\n  destination = '/data'\n  processes = ['g\(group)']\n" }
      return try decode(text).config
    }
    let small = try config(50)
    let large = try config(800)
    var warnings: [String] = []
    _ = InventoryRules.services(small, warnings: &warnings)
    let smallTime = ThreadCPUTime.measure {
      _ = InventoryRules.services(small, warnings: &warnings)
      _ = InventoryRules.mounts(small, warnings: &warnings)
    }
    let largeTime = ThreadCPUTime.measure {
      _ = InventoryRules.services(large, warnings: &warnings)
      _ = InventoryRules.mounts(large, warnings: &warnings)
    }
    #expect(warnings.isEmpty)
    #expect(largeTime < smallTime * 64 + .milliseconds(30), "50 groups \(smallTime), 800 groups \(largeTime)")
  }
}
