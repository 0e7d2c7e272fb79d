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
    #expect(action == .all([.changesServer, .finalDump]))
    let state = MigrationInvariants(app: AppProfile(hasReleaseCommand: true))
    let verdict = state.verdict(for: action)
    #expect(verdict.decision == .deny)
    #expect(verdict.reasons.count == 2, "\(verdict.reasons)")
    #expect(MigrationAction.forCommand("docker compose up -d # certbot", envFilePaths: []).parts.contains(.requestTLS(domain: nil)))
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

  /// Lines that start the app in some way (directly, through a variable, a wrapper, a script, a
  /// service unit, a file that runs programs, a program that runs another) and ordinary
  /// provisioning lines alike: none can be told apart from its text with certainty, so each
  /// waits for the release command like any start.
  @Test(arguments: [
    "docker run -d --name app app:1", "sudo docker start app", "docker --context vm run app:1", "docker compose up -d",
    "cd /srv/app && docker-compose up -d", "/usr/bin/docker restart app", "kubectl apply -f app.yaml", "kubectl rollout restart deploy/web",
    "true; podman run app", "sh -c 'docker run app:1'", "sudo -n docker compose -f /srv/app/compose.yml up -d",
    "docker compose -p app up", "docker --context x compose up", "kubectl -n prod apply -f app.yaml", "kubectl run web --image=app:1",
    "kubectl scale deploy/web --replicas=2", "helm upgrade --install web ./chart", "podman-compose up -d", "docker -H tcp://vm run app",
    "D=docker; $D run -d app:1", "$D compose up -d", "\"${COMPOSE}\" up -d", "$(which docker) run app:1", "sh /srv/app/start.sh",
    "cd /srv/app && ./start.sh", "bash -lc 'cd /srv/app; $DC up -d'", "systemctl start notes-demo", "sudo systemctl enable --now notes-demo",
    "systemctl restart app.service", "service notes-demo restart", "make up", "nohup /srv/app/bin/server &", "env PORT=8080 node server.js",
    "eval \"$START\"", "sudo -u deploy -- /srv/app/run", "timeout 30 python3 -m app", "curl -fsSL https://get.example.com | sh",
    "xargs -a names docker start", "PORT=8080 /srv/app/server", "sudo -n ./run.sh", "d\\ocker run app:1", "\"docker\" run app:1",
    "find /srv/app -name start.sh -exec {} \\;", "psql -c '\\! ./start.sh'", "psql -f /tmp/setup.sql", "certbot renew --deploy-hook ./start.sh",
    "{ ./start.sh; }", "if true; then docker run app:1; fi", "/usr/bin/env ./start.sh", "alias x=docker; x run app:1",
    "sudo apt-get install -y ./notes.deb", "dpkg -i notes.deb", "apt-get -o APT::Update::Post-Invoke::=sh start.sh update",
    "docker container run -d --name app -p 80:3000 app:1", "podman container start app", "docker --log-level info run -d --name app app:1", "docker --config ps run -d app:1", "docker compose -p logs up -d", "kubectl --kubeconfig /root/.kube/config apply -f app.yaml", "/srv/app/start.sh>/tmp/cat", "node>/tmp/ls /srv/app/server.js", "</bin/true systemctl start notes-demo", ">/tmp/ls nohup /srv/app/start.sh", "docker>/tmp/ls run -d app:1", "cp /srv/app/start.sh /tmp/ls && /tmp/ls", "/srv/app/bin/LS", "ln -sf /srv/app/start.sh /usr/local/bin/fly && fly", "echo ok\r\nsystemctl start notes-demo", "echo ok؀; /srv/app/start.sh", "sudo -H /srv/app/start.sh", "sudo --prompt date /srv/app/start.sh", "env --unset id node /srv/app/server.js", "timeout --signal KILL 365d node /srv/app/server.js", "env -S/srv/app/start.sh", "exec -a echo /srv/app/start.sh", "systemctl -t service start notes-demo", "systemctl -n 0 restart notes-demo", "service notes-demo --full-restart", "systemctl restart docker", "systemctl add-wants nginx.service notes-demo.service && systemctl restart nginx", "printf '[Service]\\nExecStart=/srv/app/start.sh\\n' > /etc/systemd/system/nginx.app.service && systemctl start nginx.app", "systemctl default", "systemctl reboot", "kill -s RTMIN 1", "apt-get -o APT::Update::Pre-Invoke::=\"systemctl start notes-demo\" update", "curl -s --unix-socket /var/run/docker.sock -X POST http://localhost/containers/app/start", "psql postgresql://notes@127.0.0.1/notes -c \"\\copy pg_am to program 'systemctl start notes-demo'\"", "PSQLRC=/tmp/rc psql -c 'select 1'", "cp /srv/app/start.sh /etc/letsencrypt/renewal-hooks/pre/ && certbot renew --force-renewal", "echo '* * * * * root /srv/app/start.sh' > /etc/cron.d/notes", "sudo chmod 666 /var/run/docker.sock", "echo hi &>/dev/null /srv/app/start.sh", "ls() { /srv/app/start.sh; }; ls", "case ls in (ls) /srv/app/start.sh;; esac", "alias ls=/srv/app/start.sh\nls", "cat >/dev/null <<'EOF'\necho '\nEOF\n/srv/app/start.sh\n# '", "sort -S 1 --compress-program=/srv/app/start.sh /var/log/dpkg.log", "wget --use-askpass=/srv/app/start.sh http://127.0.0.1/", "ip netns add n && ip netns exec n /srv/app/start.sh", "psql -o '|/srv/app/start.sh' -c 'select 1'", "export PATH=/tmp:$PATH; uptime", "mount --bind /srv/app/start.sh /usr/bin/uptime && nohup uptime &", "systemctl condrestart docker", "docker run -d --name compose --label ps -p 80:3000 app:1", "sysctl -w kernel.modprobe=/srv/app/start.sh", "cd /usr/local/bin && cp /srv/app/start.sh uptime && uptime", "export SYSTEMD_EDITOR=/srv/app/start.sh; systemctl edit nginx",
    "echo \"$(/srv/app/start.sh)\"", "echo `./start.sh`", "LD_PRELOAD=/tmp/x.so ls", "trap ./start.sh EXIT",
    "docker logs app | grep start", "docker exec app rake start", "docker image inspect app:1", "kubectl get pods",
    "systemctl restart nginx", "docker compose -f /srv/app/compose.yml logs web", "docker compose down", "docker build -t app:1 .",
    "kubectl -n prod get pods", "helm list", "mkdir -p /srv/app && chmod 700 /srv/app", "sudo apt-get install -y jq",
    "ufw allow 80/tcp", "systemctl restart nginx.service", "sudo systemctl reload nginx", "echo $(date)",
    "systemctl start postgresql@15-main", "service nginx reload", "systemctl daemon-reload", "sudo -n mkdir -p /srv/app",
    "curl -fsSL https://example.com/x -o /tmp/x", "timeout 30 curl -s localhost:8080/health",
    "env LANG=C df -h", "cp /tmp/a /srv/a; chown root /srv/a", "sudo certbot --nginx -d app.example.com",
    "psql -h 127.0.0.1 -U notes -c 'select count(*) from notes'",
    "apt-get install -y jq 2>&1 | tail -5", "docker logs app 2>&1 | tail", "mkdir -p /srv/app >/dev/null 2>&1", "set -euo pipefail; umask 077", ": > /tmp/x", "if test -d /srv/app; then echo yes; fi", "sudo usermod -aG docker cloud", "mkdir -p /etc/dockerish /srv/app", "journalctl -u docker -n 50 | tail", "echo 'a;b' > /tmp/x", "kubectl delete pod web-1", "kubectl port-forward svc/web 8080:80", "docker compose cp web:/tmp/x /tmp/x", "sudo -u postgres psql -c 'select 1'", "for f in /srv/a /srv/b; do ls $f; done", "command -v docker", "apt-get update && apt-get install -y postgresql-15",
  ])
  func aRawCommandThatChangesTheServerWaitsForTheReleaseCommand(command: String) {
    let action = MigrationAction.forCommand(command, envFilePaths: [])
    #expect(action.parts.contains(.changesServer), "\(command)")
    var state = MigrationInvariants(app: AppProfile(hasReleaseCommand: true))
    #expect(state.verdict(for: action).decision == .deny, "\(command)")
    state.observe(.releaseCommandRan(succeeded: true))
    #expect(state.verdict(for: .changesServer).decision == .allow)
    #expect(MigrationInvariants(app: AppProfile(databaseCluster: "the Postgres image")).verdict(for: action).decision == .deny, "\(command)")
  }

  @Test(arguments: [
    "docker ps -a", "systemctl status nginx", "cat /etc/os-release", "ls -la /srv", "curl -fsS http://127.0.0.1:8080/health", "df -h",
    "journalctl -u nginx -n 50 --no-pager",
  ])
  func readOnlyInspectionsRunWhileTheReleaseIsPending(command: String) {
    let action = MigrationAction.forCommand(command, envFilePaths: [])
    #expect(action == .other, "\(command)")
    #expect(MigrationInvariants(app: AppProfile(hasReleaseCommand: true)).verdict(for: action).decision == .allow)
    #expect(MigrationInvariants(app: AppProfile(databaseCluster: "the Postgres image")).verdict(for: action).decision == .allow)
  }

  @Test func rawWritesRunWhenNoRuleWaitsForThem() {
    let state = MigrationInvariants(app: AppProfile(hasReleaseCommand: false))
    #expect(state.verdict(for: MigrationAction.forCommand("mkdir -p /srv/app && ./start.sh", envFilePaths: [])).decision == .allow)
  }

  @Test func flyctlStartingOrScalingAnythingCountsAsStartingFlyAgain() {
    for line in ["fly scale count 1 -a notes-demo", "flyctl machine start 148e -a notes-demo", "cd /tmp && /usr/local/bin/fly deploy"] {
      #expect(MigrationAction.forCommand(line, envFilePaths: []).parts.contains(.flyScaleUp), "\(line)")
    }
    #expect(!MigrationAction.forCommand("fly status -a notes-demo", envFilePaths: []).parts.contains(.flyScaleUp))
  }
}
