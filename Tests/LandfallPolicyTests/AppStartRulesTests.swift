import LandfallModel
import LandfallPolicy
import LandfallTestSupport
import Testing

@Suite(.ownThreads) struct AppStartRulesTests {
  @Test func anAppWithAReleaseCommandStartsOnlyAfterItRanSinceTheLastRestore() {
    var state = MigrationInvariants(app: AppProfile(hasReleaseCommand: true))
    let start = MigrationAction.startApp(runsReleaseFirst: false)
    #expect(state.verdict(for: start).decision == .deny)
    #expect(state.verdict(for: start).reasons.joined().contains("host_release_command"))
    state.observe(.releaseCommandRan(succeeded: false))
    #expect(state.verdict(for: start).decision == .deny)
    state.observe(.releaseCommandRan(succeeded: true))
    #expect(state.verdict(for: start).decision == .allow)
    state.observe(.restoreCompleted)
    #expect(state.verdict(for: start).decision == .deny, "a restore after the release brings back the old schema")
    #expect(state.verdict(for: .startApp(runsReleaseFirst: true)).decision == .allow)
  }

  @Test func aCommandLineThatAlsoCopiesTheDatabaseOrReadsTheEnvFileAnswersToEveryRule() {
    let action = MigrationAction.forCommand("psql -c 'select 1'; docker compose up -d", envFilePaths: [])
    #expect(action == .all([.finalDump, .startApp(runsReleaseFirst: false)]))
    let state = MigrationInvariants(app: AppProfile(hasReleaseCommand: true))
    let verdict = state.verdict(for: action)
    #expect(verdict.decision == .deny)
    #expect(verdict.reasons.count == 2, "\(verdict.reasons)")
    #expect(MigrationAction.forCommand("docker compose up -d # certbot", envFilePaths: []).parts.contains(.startApp(runsReleaseFirst: false)))
  }

  @Test func anAppWithoutAReleaseCommandStartsWhenever() {
    let state = MigrationInvariants(app: AppProfile(hasReleaseCommand: false))
    #expect(state.verdict(for: .startApp(runsReleaseFirst: false)).decision == .allow)
  }

  @Test func aDatabaseClusterIsNeverDeployedAsAnApp() {
    let state = MigrationInvariants(app: AppProfile(databaseCluster: "image label fly.app_role=postgres_cluster"))
    for action in [MigrationAction.prepareApp, .startApp(runsReleaseFirst: true), .startApp(runsReleaseFirst: false)] {
      let verdict = state.verdict(for: action)
      #expect(verdict.decision == .deny, "\(action)")
      #expect(verdict.reasons.joined().contains("data_copy"))
    }
    #expect(state.verdict(for: .finalDump).decision == .deny, "the data rules still hold")
    #expect(MigrationInvariants().verdict(for: .prepareApp).decision == .allow)
  }

  @Test func theProfileComesFromTheInventory() {
    var inventory = Inventory(configPath: "fly.toml", releaseCommand: "bin/rails db:migrate")
    #expect(AppProfile(inventory: inventory).hasReleaseCommand)
    inventory.releaseCommand = "  "
    #expect(!AppProfile(inventory: inventory).hasReleaseCommand)
    inventory.databaseReason = "the Postgres image with a pg_data volume"
    #expect(AppProfile(inventory: inventory).databaseCluster == "the Postgres image with a pg_data volume")
    #expect(AppProfile(inventory: nil) == AppProfile())
  }

  @Test(arguments: [
    "docker run -d --name app app:1", "sudo docker start app", "docker --context vm run app:1", "docker compose up -d",
    "cd /srv/app && docker-compose up -d", "/usr/bin/docker restart app", "kubectl apply -f app.yaml", "kubectl rollout restart deploy/web",
    "true; podman run app", "sh -c 'docker run app:1'", "sudo -n docker compose -f /srv/app/compose.yml up -d",
    "docker compose -p app up", "docker --context x compose up", "kubectl -n prod apply -f app.yaml", "kubectl run web --image=app:1",
    "kubectl scale deploy/web --replicas=2", "helm upgrade --install web ./chart", "podman-compose up -d", "docker -H tcp://vm run app",
  ])
  func aRawCommandThatStartsContainersCountsAsStartingTheApp(command: String) {
    #expect(MigrationAction.forCommand(command, envFilePaths: []) == .startApp(runsReleaseFirst: false), "\(command)")
  }

  @Test(arguments: [
    "docker ps", "docker logs app | grep start", "docker exec app rake start", "docker image inspect app:1", "kubectl get pods",
    "systemctl restart nginx", "docker compose -f /srv/app/compose.yml logs web", "docker compose down", "docker build -t app:1 .",
    "kubectl -n prod get pods", "helm list",
  ])
  func commandsThatOnlyLookStopOrBuildDoNot(command: String) {
    #expect(MigrationAction.forCommand(command, envFilePaths: []) != .startApp(runsReleaseFirst: false), "\(command)")
  }
}
