import LandfallCore
import LandfallFakes
import LandfallRigs
import LandfallFly
import LandfallModel
import LandfallTestSupport
import Testing

@Suite(.ownThreads) struct InventoryBuilderTests {
  @Test func configDiscoveryHonoursConfigOverrideAndDirectories() async throws {
    let files = InMemoryFileSource([
      "repo/fly.toml": "app = 'root'\n",
      "repo/deploy/fly.staging.toml": "app = 'staging'\n",
      "repo/sub/fly.toml": "app = 'sub'\n",
    ])
    let builder = InventoryBuilder(files: files, survey: nil)
    #expect(try await builder.build(appDirectory: "repo").app == "root")
    let staging = try await builder.build(appDirectory: "repo", configOverride: "repo/deploy/fly.staging.toml")
    #expect(staging.app == "staging")
    #expect(staging.configPath == "deploy/fly.staging.toml")
    #expect(try await builder.build(appDirectory: "repo", configOverride: "repo/sub").app == "sub")
    #expect(try await builder.build(appDirectory: "repo", flyApp: "other").app == "other")
  }

  @Test func missingConfigSaysWhereItLookedAndWhatItSaw() async {
    let files = InMemoryFileSource(["repo/fly.production.toml": "app = 'p'\n"])
    let builder = InventoryBuilder(files: files, survey: nil)
    await #expect(throws: FlyConfigError.notFound(
      searched: ["repo/fly.toml"], hint: "found fly.production.toml; pick one with --config")) {
      try await builder.build(appDirectory: "repo")
    }
  }

  @Test func invalidTOMLGivesTheFileLineAndColumn() async {
    let files = InMemoryFileSource(["a/fly.toml": "app = 'x'\n\n[http_service\ninternal_port = 1\n"])
    do {
      _ = try await InventoryBuilder(files: files, survey: nil).build(appDirectory: "a")
      Issue.record("expected an error")
    } catch {
      guard case .invalid(let input) = error else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(input.source == "a/fly.toml")
      #expect(input.line == 3)
      #expect((input.column ?? 0) > 1)
      #expect(error.description.hasPrefix("a/fly.toml:3:\(input.column ?? 0): "))
    }
  }

  @Test func jsonConfigsReadLikeTOMLAndYAMLIsRefusedClearly() async throws {
    let files = InMemoryFileSource([
      "a/fly.json": #"{"app": "j", "http_service": {"internal_port": "3000"}}"#,
      "a/fly.yaml": "app: y\n",
    ])
    let builder = InventoryBuilder(files: files, survey: nil)
    let json = try await builder.build(appDirectory: "a", configOverride: "a/fly.json")
    #expect(json.services.first?.internalPort == 3000)
    await #expect(throws: FlyConfigError.self) {
      try await builder.build(appDirectory: "a", configOverride: "a/fly.yaml")
    }
  }

  @Test func suspiciousConfigsBecomeWarningsNotFailures() async throws {
    let toml = """
      [processes]
      web = 'serve'
      [[services]]
      internal_port = 'eighty'
      processes = ['wokrer']
      [[mounts]]
      source = 'root'
      destination = '/'
      [[mounts]]
      source = 'second'
      destination = '/data'
      """
    let result = try await inventory(toml, dockerfile: nil)
    let warnings = result.warnings.joined(separator: "\n")
    #expect(warnings.contains("\"eighty\" is not a port number"))
    #expect(warnings.contains("\"wokrer\", which is not defined"))
    #expect(warnings.contains("at / would hide the whole image"))
    #expect(warnings.contains("more than one mount"))
    #expect(warnings.contains("no Dockerfile at Dockerfile or dockerfile"))
    #expect(result.dockerfile == nil)
  }

  @Test func buildDockerfileIsRelativeToTheConfigAndImageOnlyAppsHaveNone() async throws {
    let declared = try await inventory(
      "[build]\ndockerfile = 'docker/Web.Dockerfile'\n", dockerfile: nil,
      files: ["app/docker/Web.Dockerfile": "FROM a AS one\nFROM b\nEXPOSE 4000\nCMD [\"web\"]\n"])
    #expect(declared.dockerfile == "docker/Web.Dockerfile")
    #expect(declared.dockerfileInfo == .init(expose: [4000], cmd: ["web"], entrypoint: nil, stages: 2))
    let imageOnly = try await inventory("[build]\nimage = 'ghcr.io/a/b:1'\n", dockerfile: nil)
    #expect(imageOnly.image == "ghcr.io/a/b:1")
    #expect(imageOnly.dockerfile == nil)
    #expect(imageOnly.dockerfileInfo == nil)
    #expect(imageOnly.warnings.isEmpty)
  }

  @Test func buildTargetPicksTheStage() async throws {
    let dockerfile = "FROM a AS web\nCMD [\"web\"]\nFROM a AS tests\nCMD [\"test\"]\n"
    let result = try await inventory("[build]\nbuild-target = 'web'\n", dockerfile: dockerfile)
    #expect(result.dockerfileInfo?.cmd == ["web"])
  }

  @Test func withoutAnAppNameFlyctlIsNotAskedAndTheReasonIsGiven() async throws {
    let runner = ScriptedCommandRunner(answers: [:])
    let survey = FlyAppSurvey(flyctl: FlyctlClient(runner: runner, location: .init(executable: "flyctl")))
    let result = try await inventory("primary_region = 'lhr'\n", survey: survey)
    #expect(await runner.requests.isEmpty)
    #expect(result.regions == ["lhr"])
    #expect(result.warnings.contains { $0.contains("no app name") })
  }
}
