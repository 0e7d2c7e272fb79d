import Foundation
import LandfallCore
import LandfallFakes
import LandfallFly
import LandfallModel
import LandfallTestSupport
import LandfallTools
import Testing

/// Kubernetes manifests for the example apps, validated against the official schemas of a
/// current Kubernetes version (`kubernetes-validate`), and applied through the recording kubectl.
@Suite(.ownThreads) struct KubernetesManifestsTests {
  static let kubernetesVersion = "1.34.0"

  @Test(arguments: LandingSupport.examples)
  func everyExampleGivesManifestsThatValidate(example: String) async throws {
    let manifests = KubernetesManifests(blueprint: try await LandingSupport.blueprint(example: example, target: .kubernetes))
    let folder = try LandingSupport.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    var paths: [String] = []
    for file in manifests.yamlFiles {
      let path = folder.appendingPathComponent(file.name).path
      try file.text.write(toFile: path, atomically: true, encoding: .utf8)
      paths.append(path)
      let objects = manifests.files.first { $0.name == file.name }?.objects ?? []
      #expect(try LandingSupport.parseYAML(file.text) == objects, "\(example) \(file.name) reads back as written")
    }
    #expect(paths.contains { $0.hasSuffix("deployments.yaml") })
    guard let run = try LandingSupport.run(["kubernetes-validate", "--strict", "-k", Self.kubernetesVersion] + paths) else {
      throw LandingSupport.Missing(program: "kubernetes-validate")
    }
    #expect(run.status == 0, "\(example): \(run.output)\(run.errors)")
  }

  @Test func theValidatorRejectsABrokenManifest() throws {
    let folder = try LandingSupport.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("broken.yaml").path
    let broken: JSONValue = .object([
      ("apiVersion", .string("apps/v1")), ("kind", .string("Deployment")), ("metadata", .object([("name", .string("x"))])),
      ("spec", .object([("replicas", .string("two"))])),
    ])
    try YAMLWriter.document(broken).write(toFile: path, atomically: true, encoding: .utf8)
    let run = try #require(try LandingSupport.run(["kubernetes-validate", "--strict", "-k", Self.kubernetesVersion, path]))
    #expect(run.status != 0)
  }

  @Test func aWebAndWorkerAppMapsGroupsToDeploymentsAndTheHTTPGroupToTheIngress() async throws {
    let manifests = KubernetesManifests(blueprint: try await LandingSupport.blueprint(example: "chatterbox"), image: "registry.example.com/chat:1", host: "chat.example.com")
    let files = Dictionary(manifests.files.map { ($0.name, $0.objects) }, uniquingKeysWith: { first, _ in first })
    #expect(Set(files.keys) == ["configmap.yaml", "services.yaml", "job.yaml", "deployments.yaml", "ingress.yaml"])
    let deployments = try #require(files["deployments.yaml"])
    #expect(deployments.compactMap { $0["metadata"]?["name"]?.stringValue } == ["chatterbox-web", "chatterbox-worker"])
    let worker = deployments[1]["spec"]?["template"]?["spec"]?["containers"]?.arrayValue?.first
    #expect(worker?["args"] == .strings(["bundle", "exec", "sidekiq", "-q", "default", "-q", "mailers"]))
    #expect(worker?["image"] == .string("registry.example.com/chat:1"))
    #expect(worker?["resources"]?["limits"]?["memory"] == .string("1024Mi"))
    #expect(files["services.yaml"]?.compactMap { $0["metadata"]?["name"]?.stringValue } == ["chatterbox-web"])
    let rule = files["ingress.yaml"]?.first?["spec"]?["rules"]?.arrayValue?.first
    #expect(rule?["host"] == .string("chat.example.com"))
    #expect(rule?["http"]?["paths"]?.arrayValue?.first?["backend"]?["service"]?["port"]?["number"] == .int(3000))
    #expect(files["job.yaml"]?.first?["spec"]?["template"]?["spec"]?["containers"]?.arrayValue?.first?["args"] == .strings(["bin/rails", "db:prepare"]))
    #expect(files["configmap.yaml"]?.first?["data"]?["RAILS_ENV"] == .string("production"))
  }

  @Test func volumesBecomeClaimsOnOneReplicaThatIsRecreated() async throws {
    let manifests = KubernetesManifests(blueprint: try await LandingSupport.blueprint(example: "notes"))
    let claim = try #require(manifests.files.first { $0.name == "persistentvolumeclaims.yaml" }?.objects.first)
    #expect(claim["spec"]?["accessModes"] == .strings(["ReadWriteOnce"]))
    let deployment = try #require(manifests.files.first { $0.name == "deployments.yaml" }?.objects.first)
    #expect(deployment["spec"]?["strategy"]?["type"] == .string("Recreate"))
    #expect(deployment["spec"]?["replicas"] == .int(1))
    let container = deployment["spec"]?["template"]?["spec"]?["containers"]?.arrayValue?.first
    #expect(container?["readinessProbe"]?["httpGet"]?["path"] == .string("/healthz"))
    #expect(container?["volumeMounts"]?.arrayValue?.first?["mountPath"] == .string("/data"))
  }

  static func chatterboxWithSecrets() -> FlyToolSettings {
    let base = LandingSupport.settings(example: "chatterbox")
    let state = FakeFlyState(apps: [
      .init(
        name: "chatterbox", organization: "acme", status: "deployed", postgres: false, machines: [], volumes: [],
        secrets: [("SECRET_KEY_BASE", "canary-kube-secret-7731"), ("DATABASE_URL", "postgres://u:canary-db-pass@db/chat")], ips: [], postgresUsers: []),
    ])
    return FlyToolSettings(
      app: "chatterbox", appDirectory: base.appDirectory,
      flyctl: FlyctlClient(runner: FakeFlyctlCommandRunner(state: state), location: .init(executable: "flyctl")), files: base.files)
  }

  @Test func theSecretTemplateOnDiskHasNamesOnly() async throws {
    let manifests = KubernetesManifests(blueprint: try await AppBlueprint.load(Self.chatterboxWithSecrets(), requestedTarget: .kubernetes))
    let template = try #require(manifests.yamlFiles.first { $0.name == "secret-template.yaml" }?.text)
    let secret = try #require(try LandingSupport.parseYAML(template).first)
    #expect(secret["stringData"] == .object([("SECRET_KEY_BASE", .string("")), ("DATABASE_URL", .string(""))]))
    #expect(!manifests.yamlFiles.map(\.text).joined().contains("canary"))
    #expect(manifests.files.first { $0.name == "configmap.yaml" }?.objects.first?["data"]?["DATABASE_URL"] == nil, "a secret name is not a plain setting")
  }

  @Test func kubeApplyAppliesInOrderWithSecretValuesOnlyOnStandardInput() async throws {
    let kubectl = RecordingKubectl()
    let tool = KubeApplyTool(settings: Self.chatterboxWithSecrets(), kubectl: kubectl)
    let vault = SecretVault()
    let context = ToolContext(vault: vault)
    let arguments: JSONValue = .object([("image", .string("registry.example.com/chat:1"))])
    await #expect(throws: ToolFailure.self) { try await tool.run(arguments, context: context) }
    #expect(await kubectl.calls.isEmpty, "nothing runs without a kubeconfig")
    try await vault.store(KubeconfigCapture.vaultName, Secret(FakeCloud.sampleKubeconfig), origin: .minted)
    await #expect(throws: ToolFailure.self) { try await tool.run(arguments, context: context) }
    try await vault.store("SECRET_KEY_BASE", Secret("canary-kube-secret-7731"), origin: .fly)
    try await vault.store("DATABASE_URL", Secret("postgres://u:canary-db-pass@db/chat"), origin: .fly)
    let output = try await tool.run(arguments, context: context)
    #expect(output.text.contains("released and rolled out: web, worker"))
    let calls = await kubectl.calls
    #expect(calls.map { $0.arguments.prefix(2).joined(separator: " ") } == [
      "apply -f", "delete job", "apply -f", "wait --for=condition=complete", "apply -f",
      "rollout status", "rollout status",
    ])
    #expect(!calls.flatMap(\.arguments).joined().contains("canary"))
    let applied = await kubectl.applied
    #expect(applied["Secret/chatterbox-secrets"]?["stringData"]?["SECRET_KEY_BASE"] == .string("canary-kube-secret-7731"))
    #expect(applied["Job/chatterbox-release"] != nil)
    #expect(Set(applied.keys).isSuperset(of: ["Deployment/chatterbox-web", "Deployment/chatterbox-worker", "Ingress/chatterbox", "ConfigMap/chatterbox-env"]))
    #expect(!output.text.contains("canary"))
  }

  @Test func theClustersKubeconfigGoesToTheVaultAndTheModelSeesANote() async throws {
    let cloud = FakeCloud(allowWrites: true, services: ["kubernetes"])
    let request: JSONValue = .object([
      ("name", .string("chat")), ("package", .string("k8s-standard-2")), ("region", .string("us-west-0")),
      ("version", .string("1.34.1")), ("controlNodes", .int(1)), ("workerNodes", .int(1)),
    ])
    let id = try #require(try JSONParser.parse(await cloud.call("create_kubernetes_cluster", arguments: request).text)["id"])
    for _ in 0..<2 { _ = await cloud.call("get_kubernetes_cluster", arguments: .object([("id", id)])) }
    let answer = await cloud.call("get_kubernetes_cluster_config", arguments: .object([("id", id)]))
    let config = try #require(try JSONParser.parse(answer.text)["configdata"]?.stringValue)
    let vault = SecretVault()
    let output = try await CloudResult.output(
      tool: "get_kubernetes_cluster_config", text: answer.text, keys: InMemoryPrivateKeyStore(directory: "/keys"), context: ToolContext(vault: vault))
    #expect(!output.text.contains("token"))
    #expect(output.text.contains("stored in the vault as KUBECONFIG"))
    #expect(await vault.reveal(KubeconfigCapture.vaultName)?.withValue { $0 } == config)
  }
}
