import Foundation
import LandfallCore
import LandfallFakes
import LandfallModel
import LandfallTestSupport
import LandfallTools
import Testing

/// Images for Kubernetes: built from the committed code, pushed to the person's registry with the
/// token on docker's standard input only, and pulled by the cluster with a registry Secret that
/// reaches kubectl on its standard input.
@Suite(.ownThreads) struct ImagePushToolTests {
  static let token = "ghp_canaryRegistryToken4411"

  func tool(_ docker: RecordingDocker) -> ImagePushTool {
    ImagePushTool(settings: KubernetesManifestsTests.chatterboxWithSecrets(), docker: DockerClient(runner: docker), git: docker)
  }

  @Test func theCommitIsBuiltOnceAndPushedWithAOneCallLogin() async throws {
    let docker = RecordingDocker(commit: "4f2c9a1b7d3e", acceptedPassword: Self.token)
    let vault = SecretVault()
    let context = ToolContext(vault: vault)
    let arguments: JSONValue = .object([("image", .string("ghcr.io/acme/chatterbox")), ("username", .string("acme-bot"))])
    #expect(tool(docker).spec.effect == .write)
    await #expect(throws: ToolFailure.self, "no token in the vault yet") { try await tool(docker).run(arguments, context: context) }
    #expect(await docker.calls.isEmpty)
    try await vault.store(ImagePushTool.defaultPasswordSecret, Secret(Self.token), origin: .person)

    let output = try await tool(docker).run(arguments, context: context)
    let reference = "ghcr.io/acme/chatterbox:4f2c9a1b7d3e"
    #expect(await docker.pushed[reference] != nil)
    #expect(output.text.contains("pushed \(reference) (digest sha256:"), "\(output.text)")
    #expect(output.text.contains("kube_apply with image=\(reference), registryUsername=acme-bot, registryPasswordSecret=REGISTRY_PASSWORD"))
    let calls = await docker.calls
    let dockerCalls = calls.filter { $0.executable == "docker" }.map { $0.arguments.drop { $0 != "login" && $0 != "build" && $0 != "push" }.first ?? "" }
    #expect(dockerCalls == ["build", "login", "push"])
    let build = try #require(calls.first { $0.arguments.contains("build") })
    #expect(build.arguments == ["build", "--platform", "linux/amd64", "-t", reference, "-f", "app/Dockerfile", "app"])
    let login = try #require(calls.first { $0.arguments.contains("login") })
    #expect(login.arguments.suffix(5) == ["login", "ghcr.io", "--username", "acme-bot", "--password-stdin"])
    #expect(login.standardInput == Self.token)
    #expect(calls.filter { $0.standardInput.contains(Self.token) }.count == 1, "the token is read once, by docker login")
    #expect(!calls.flatMap(\.arguments).joined(separator: " ").contains(Self.token), "the token is never an argument")
    let folder = try #require(login.arguments.dropFirst().first)
    #expect(calls.last?.executable == "rm" && calls.last?.arguments.contains(folder) == true, "the login folder is removed")
    #expect(await docker.folders.isEmpty)
    #expect(!output.text.contains(Self.token))
  }

  @Test func aWrongTokenUncommittedCodeOrARegistrylessNameIsRefused() async throws {
    let vault = SecretVault()
    try await vault.store(ImagePushTool.defaultPasswordSecret, Secret("wrong-token"), origin: .person)
    let context = ToolContext(vault: vault)
    let arguments: JSONValue = .object([("image", .string("ghcr.io/acme/chatterbox")), ("username", .string("acme-bot"))])
    let strict = RecordingDocker(acceptedPassword: Self.token)
    await #expect(throws: ToolFailure.self) { try await tool(strict).run(arguments, context: context) }
    #expect(await strict.pushed.isEmpty)
    #expect(await strict.folders.isEmpty, "the login folder is removed after a failed login too")

    let dirty = RecordingDocker(uncommitted: " M app/models/message.rb\n")
    await #expect(throws: ToolFailure.self) { try await tool(dirty).run(arguments, context: context) }
    #expect(await dirty.images.isEmpty, "nothing is built from uncommitted code")

    let exfiltration: JSONValue = .object([
      ("image", .string("evil.example.net/x")), ("username", .string("u")), ("passwordSecret", .string("SECRET_KEY_BASE")),
    ])
    try await vault.store("SECRET_KEY_BASE", Secret("canary-kube-secret-7731"), origin: .fly)
    let guarded = RecordingDocker()
    await #expect(throws: ToolFailure.self, "an app secret from Fly never becomes a registry password") {
      try await tool(guarded).run(exfiltration, context: context)
    }
    #expect(await guarded.calls.isEmpty)
    try await vault.store("STRIPE_API_KEY", Secret("canary-typed-api-key-5512"), origin: .person)
    let typed = exfiltration.setting("passwordSecret", to: .string("STRIPE_API_KEY"))
    await #expect(throws: ToolFailure.invalidArguments("STRIPE_API_KEY is not a registry token: only a value the person gave under a name starting with REGISTRY_ is sent to a registry")) {
      try await tool(guarded).run(typed, context: context)
    }
    #expect(await guarded.calls.isEmpty, "a key the person typed for something else never goes to a registry")
    #expect(await tool(guarded).approvalNotes(for: exfiltration).joined().contains("logs in to the registry evil.example.net with your SECRET_KEY_BASE"))

    let plain = RecordingDocker()
    for name in ["acme/chatterbox", "ghcr.io/acme/chatterbox:latest", "ghcr.io/Acme/chat box"] {
      let bad: JSONValue = .object([("image", .string(name)), ("username", .string("acme-bot"))])
      await #expect(throws: ToolFailure.self, "\(name)") { try await tool(plain).run(bad, context: context) }
    }
    #expect(await plain.calls.isEmpty)
  }

  @Test func theClusterPullsThePushedTagWithARegistrySecretFromTheVault() async throws {
    let kubectl = RecordingKubectl()
    let apply = KubeApplyTool(settings: KubernetesManifestsTests.chatterboxWithSecrets(), kubectl: kubectl)
    let vault = SecretVault()
    try await vault.store(KubeconfigCapture.vaultName, Secret(FakeCloud.sampleKubeconfig), origin: .minted)
    try await vault.store("SECRET_KEY_BASE", Secret("canary-kube-secret-7731"), origin: .fly)
    try await vault.store("DATABASE_URL", Secret("postgres://u:canary-db-pass@db/chat"), origin: .fly)
    let reference = "ghcr.io/acme/chatterbox:4f2c9a1b7d3e"
    let arguments: JSONValue = .object([
      ("image", .string(reference)), ("registryUsername", .string("acme-bot")), ("registryPasswordSecret", .string("REGISTRY_GHCR_TOKEN")),
    ])
    await #expect(throws: ToolFailure.self, "the token is not in the vault") { try await apply.run(arguments, context: ToolContext(vault: vault)) }
    let stolen: JSONValue = .object([("image", .string("evil.example.net/x:1")), ("registryUsername", .string("u")), ("registryPasswordSecret", .string("DATABASE_URL"))])
    await #expect(throws: ToolFailure.self, "a Fly secret is never a pull credential") { try await apply.run(stolen, context: ToolContext(vault: vault)) }
    #expect(await kubectl.calls.isEmpty)
    try await vault.store("REGISTRY_GHCR_TOKEN", Secret(Self.token), origin: .person)
    _ = try await apply.run(arguments, context: ToolContext(vault: vault))

    let applied = await kubectl.applied
    let pull = try #require(applied["Secret/chatterbox-registry"])
    #expect(pull["type"] == .string("kubernetes.io/dockerconfigjson"))
    let config = try JSONParser.parse(try #require(pull["stringData"]?[".dockerconfigjson"]?.stringValue))
    let auth = try #require(config["auths"]?["ghcr.io"])
    #expect(auth["username"] == .string("acme-bot"))
    #expect(auth["auth"] == .string(Data("acme-bot:\(Self.token)".utf8).base64EncodedString()))
    for name in ["Deployment/chatterbox-web", "Deployment/chatterbox-worker", "Job/chatterbox-release"] {
      let pod = applied[name]?["spec"]?["template"]?["spec"]
      #expect(pod?["imagePullSecrets"] == .array([.object([("name", .string("chatterbox-registry"))])]), "\(name)")
      #expect(pod?["containers"]?.arrayValue?.first?["image"] == .string(reference), "\(name)")
    }
    #expect(!(await kubectl.calls).flatMap(\.arguments).joined().contains(Self.token))
  }

  @Test func theWorldOffersImagePushBesideKubeApplyThroughItsImagesRunner() async throws {
    let settings = KubernetesManifestsTests.chatterboxWithSecrets()
    let host = HostConnection(connector: FakeHostConnector(host: FakeHost()), target: nil)
    let cutover = CutoverSettings(
      connection: host, resolver: FakeDNSResolver { _ in [] }, recursiveServer: DNSServer(host: "127.0.0.53"),
      transport: FakeHTTPSTransport(now: 0), fly: settings, backupDirectory: "/offline", files: RecordingFileWriter(), now: { 0 })
    func world(kubectl: (any Kubectl)?, images: RecordingDocker) -> ToolWorld {
      ToolWorld(
        fly: settings, host: host, commands: ScriptedCommandRunner(answers: [:]), launcher: nil, keys: nil, scripts: RecordingFileWriter(),
        data: nil, kubectl: kubectl, cutover: cutover, images: images)
    }
    let images = RecordingDocker()
    #expect(world(kubectl: nil, images: images).registry().tool(named: "image_push") == nil, "no cluster, no image for one")
    let tool = try #require(world(kubectl: RecordingKubectl(), images: images).registry().tool(named: "image_push"))
    let vault = SecretVault()
    try await vault.store(ImagePushTool.defaultPasswordSecret, Secret(Self.token), origin: .person)
    _ = try await tool.run(.object([("image", .string("ghcr.io/acme/chatterbox")), ("username", .string("acme-bot"))]), context: ToolContext(vault: vault))
    #expect(await images.pushed.keys.sorted() == ["ghcr.io/acme/chatterbox:4f2c9a1b7d3e"])
  }

  @Test func manifestsThatPullWithASecretValidate() async throws {
    let manifests = KubernetesManifests(
      blueprint: try await LandingSupport.blueprint(example: "chatterbox", target: .kubernetes), image: "ghcr.io/acme/chatterbox:1", pullsWithSecret: true)
    let secret = manifests.registrySecret(try RegistryImage(reference: manifests.image), username: "u", password: "p")
    let folder = try LandingSupport.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("all.yaml").path
    let objects = manifests.files.flatMap(\.objects) + [secret]
    try YAMLWriter.documents(objects).write(toFile: path, atomically: true, encoding: .utf8)
    guard let run = try LandingSupport.run(["kubernetes-validate", "--strict", "-k", KubernetesManifestsTests.kubernetesVersion, path]) else {
      throw LandingSupport.Missing(program: "kubernetes-validate")
    }
    #expect(run.status == 0, "\(run.output)\(run.errors)")
    #expect(try RegistryImage(reference: "docker.io/acme/chat@sha256:abc").authKey == "https://index.docker.io/v1/")
    #expect(try RegistryImage(reference: "localhost:5000/chat:2").repository == "localhost:5000/chat")
  }
}
