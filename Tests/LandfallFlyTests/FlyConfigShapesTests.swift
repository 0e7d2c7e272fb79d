import LandfallFly
import LandfallModel
import LandfallTestSupport
import LandfallTOML
import Testing

@Suite(.ownThreads) struct FlyConfigShapesTests {
  @Test func httpServiceIsOneServiceOnEightyAndFourFortyThree() async throws {
    let result = try await inventory("app = \"a\"\n[http_service]\ninternal_port = 8080\nforce_https = true\n")
    #expect(result.services == [
      Inventory.Service(
        processes: ["app"], internalPort: 8080, protocol: "tcp",
        ports: [.init(port: 80, handlers: ["http"]), .init(port: 443, handlers: ["tls", "http"])])
    ])
  }

  @Test func httpServiceComesBeforeServicesWhichKeepFileOrder() async throws {
    let toml = """
      [[services]]
      internal_port = 9001
      [[services.ports]]
      port = 9001
      [http_service]
      internal_port = 8080
      [[services]]
      internal_port = 9002
      protocol = "UDP"
      """
    let result = try await inventory(toml)
    #expect(result.services.map(\.internalPort) == [8080, 9001, 9002])
    #expect(result.services.map(\.protocol) == ["tcp", "tcp", "udp"])
  }

  @Test func legacyServiceTableStringPortsAndUnderscores() async throws {
    let toml = """
      [services]
      internal_port = "8_080"
      concurrency = "20,25"
      [services.ports]
      port = "443"
      handlers = ["tls", "http"]
      """
    let result = try await inventory(toml)
    #expect(result.services.first?.internalPort == 8080)
    #expect(result.services.first?.ports == [.init(port: 443, handlers: ["tls", "http"])])
    let normalized = FlyConfigNormalizer.normalize(try TOMLDocument.parse(toml))
    #expect(normalized["services"]?.arrayValue?.first?["concurrency"]?["hard_limit"] == .int(25))
  }

  @Test func portRangesAndRawPassthrough() async throws {
    let toml = "[[services]]\ninternal_port = 10000\nprotocol = 'udp'\n[[services.ports]]\nstart_port = 10000\nend_port = 10010\n"
    let result = try await inventory(toml)
    #expect(result.services.first?.ports == [.init(port: 10000, endPort: 10010, handlers: [])])
  }

  @Test func tomlIntegersWithUnderscoresAreNumbers() async throws {
    let result = try await inventory("[http_service]\ninternal_port = 8_080\n")
    #expect(result.services.first?.internalPort == 8080)
  }

  @Test func aServiceWithoutProcessesBelongsToTheDefaultGroup() async throws {
    let toml = "[processes]\nworker = 'w'\nweb = 'x'\n[http_service]\ninternal_port = 1\n"
    let result = try await inventory(toml)
    #expect(result.services.first?.processes == ["web"])
    let withApp = try await inventory("[processes]\nweb = 'x'\napp = 'y'\n[http_service]\ninternal_port = 1\n")
    #expect(withApp.services.first?.processes == ["app"])
  }

  @Test func processGroupsKeepFileOrderAndEmptyCommandMeansImageCMD() async throws {
    let toml = "app = 'web'\n[processes]\n  worker = 'bin/worker'\n  web = ''\n  cron = \"supercronic /app/crontab\"\n"
    let result = try await inventory(toml)
    #expect(result.processGroups == [
      .init(name: "worker", command: "bin/worker"), .init(name: "web", command: nil),
      .init(name: "cron", command: "supercronic /app/crontab"),
    ])
    #expect(result.shape == .multi)
    #expect(result.target == .vm)
    #expect(result.runtime == .compose)
  }

  @Test func noProcessesOrAnEmptyListMeansOneGroupNamedApp() async throws {
    for toml in ["app = 'x'\n", "processes = []\napp = 'x'\n"] {
      let result = try await inventory(toml)
      #expect(result.processGroups == [.init(name: "app", command: nil)])
      #expect(result.shape == .single)
      #expect(result.target == .vm)
      #expect(result.runtime == .docker)
    }
  }

  @Test func legacyProcessesArrayOfTables() async throws {
    let toml = "[[processes]]\nname = 'web'\ncommand = 'serve'\n[[processes]]\nname = 'jobs'\ncommand = 'work'\n"
    let result = try await inventory(toml)
    #expect(result.processGroups == [.init(name: "web", command: "serve"), .init(name: "jobs", command: "work")])
  }

  @Test func experimentalCmdBecomesTheDefaultGroupsCommand() async throws {
    let result = try await inventory("[experimental]\ncmd = ['relay', '--listen', '0.0.0.0:5000']\n")
    #expect(result.processGroups == [.init(name: "app", command: "relay --listen 0.0.0.0:5000")])
    let quoted = try await inventory("[experimental]\ncmd = ['sh', '-c', 'echo hi && run']\n")
    #expect(quoted.processGroups.first?.command == "sh -c 'echo hi && run'")
  }

  @Test func mountsAsTableArrayOrLegacyMountKey() async throws {
    let shapes = [
      "[mounts]\nsource = 'data'\ndestination = '/data'\n",
      "[[mounts]]\nsource = 'data'\ndestination = '/data'\n",
      "[mount]\nsource = 'data'\ndestination = '/data'\n",
    ]
    for toml in shapes {
      let result = try await inventory(toml)
      #expect(result.mounts == [.init(source: "data", destination: "/data", processes: ["app"])])
    }
  }

  @Test func mountWithoutProcessesGoesToTheDefaultGroup() async throws {
    let toml = "[processes]\nweb = 'a'\nworker = 'b'\n[[mounts]]\nsource = 'd'\ndestination = '/d'\n[[mounts]]\nsource = 'e'\ndestination = '/e'\nprocesses = ['worker']\n"
    let result = try await inventory(toml)
    #expect(result.mounts.map(\.processes) == [["web"], ["worker"]])
  }

  @Test func envTablesMergeAndValuesAreNotPrinted() async throws {
    let toml = "[[env]]\nA = '1'\n[[env]]\nB = 2\nC = true\n"
    let result = try await inventory(toml)
    #expect(result.envNames == ["A", "B", "C"])
    let decoded = try decode(toml)
    #expect(decoded.config.env.map(\.value) == ["1", "2", "true"])
  }

  @Test func releaseCommandAndUnknownKeysAreHarmless() async throws {
    let toml = """
      app = "x"
      restart_limit = 3
      [deploy]
      release_command = "bin/rails db:migrate"
      strategy = "bluegreen"
      [machines]
      anything = { goes = true }
      [[statics]]
      guest_path = "/app/public"
      url_prefix = "/static"
      """
    let result = try await inventory(toml)
    #expect(result.releaseCommand == "bin/rails db:migrate")
    #expect(result.warnings.isEmpty)
  }

  @Test func legacyShapesNormalise() throws {
    let toml = """
      kill_timeout = 30
      [build]
      build_target = "runtime"
      [[checks]]
      name = "alive"
      type = "http"
      port = "8080"
      interval = 10000
      grace_period = ""
      [http_service]
      internal_port = 80
      auto_stop_machines = false
      """
    let decoded = try decode(toml)
    #expect(decoded.config.killTimeout == "30s")
    #expect(decoded.config.build.buildTarget == "runtime")
    var alive = CheckDefinition(name: "alive", type: "http", port: 8080, path: nil, processes: nil)
    alive.interval = "10000ms"
    #expect(decoded.config.checks == [alive])
    #expect(decoded.config.httpService?.autoStopMachines == "off")
    let normalized = FlyConfigNormalizer.normalize(try TOMLDocument.parse(toml))
    #expect(normalized["checks"]?["alive"]?["interval"] == .string("10000ms"))
    #expect(normalized["checks"]?["alive"]?["grace_period"] == nil)
  }

  @Test func indentedProcessesHeaderIsStillTopLevel() async throws {
    let toml = "[[services]]\n  internal_port = 8080\n  processes = ['web']\n  [processes]\n  web = 'serve'\n"
    let result = try await inventory(toml)
    #expect(result.processGroups == [.init(name: "web", command: "serve")])
  }
}

@Suite(.ownThreads) struct ServiceChecksTests {
  @Test func serviceChecksOfEveryShapeAreReadWithTheirDurations() throws {
    let toml = """
      [http_service]
      internal_port = 8080
      [[http_service.checks]]
      path = "/healthz"
      interval = "15s"
      timeout = "2s"
      [[services]]
      internal_port = 9000
      [[services.tcp_checks]]
      interval = 5000
      [[services.http_checks]]
      path = "/up"
      """
    let decoded = try decode(toml)
    let http = try #require(decoded.config.httpService?.checks.first)
    #expect(http.type == "http")
    #expect(http.path == "/healthz")
    #expect(http.interval == "15s")
    #expect(http.timeout == "2s")
    #expect(decoded.config.services.first?.checks.map(\.type) == ["http", "tcp"])
    #expect(decoded.config.services.first?.checks.first?.path == "/up")
    #expect(decoded.config.services.first?.checks.last?.interval == "5000ms")
  }
}
