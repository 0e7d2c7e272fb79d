public import LandfallCore
public import LandfallModel
public import LandfallPolicy

/// `kube_apply`: the app's Kubernetes objects applied to the cluster whose kubeconfig is in the
/// vault: the ConfigMap, the Secret (values from the vault, through kubectl's standard input),
/// the claims and Services, the release Job (waited for), then the Deployments and the Ingress,
/// and every rollout waited for.
public struct KubeApplyTool: Tool {
  let settings: FlyToolSettings
  let kubectl: any Kubectl

  /// A tool reading the app through `settings` and talking to clusters through `kubectl`.
  public init(settings: FlyToolSettings, kubectl: any Kubectl) {
    self.settings = settings
    self.kubectl = kubectl
  }

  /// Applying starts the app (its release Job runs first).
  public func action(for arguments: JSONValue) -> MigrationAction {
    .all([.startApp(runsReleaseFirst: true), .runsImage(arguments["image"]?.stringValue ?? "", on: .registry)])
  }

  public var spec: ToolSpec {
    ToolSpec(
      name: "kube_apply",
      description: "Apply the app's Kubernetes objects (Deployments per process group, Services, Ingress, volume claims, ConfigMap, Secret from the vault, release Job) to the cluster whose kubeconfig get_kubernetes_cluster_config put in the vault, and wait for the release Job and the rollouts.",
      inputSchema: Schema.object([
        ("image", Schema.string("image reference the cluster can pull, e.g. registry.example.com/app:1")),
        ("host", Schema.string("domain for the Ingress; any when omitted")),
        ("registryUsername", Schema.string("for a private registry: the user image_push logged in as")),
        ("registryPasswordSecret", Schema.string("for a private registry: vault name of its token, starting with REGISTRY_; default REGISTRY_PASSWORD")),
      ], required: ["image"]),
      effect: .write)
  }

  public func run(_ arguments: JSONValue, context: ToolContext) async throws(ToolFailure) -> ToolOutput {
    let image = arguments["image"]?.stringValue ?? ""
    guard !image.isEmpty, !image.contains(where: { $0.isWhitespace }) else { throw .invalidArguments("image must be an image reference") }
    guard let kubeconfig = await context.vault.reveal(KubeconfigCapture.vaultName) else {
      throw .invalidArguments("no kubeconfig in the vault: call get_kubernetes_cluster_config once the cluster is RUNNING")
    }
    let pull = try await registryLogin(arguments, image: image, vault: context.vault)
    let manifests = KubernetesManifests(
      blueprint: try await AppBlueprint.load(settings, requestedTarget: .kubernetes), image: image, host: arguments["host"]?.stringValue,
      pullsWithSecret: pull != nil)
    var values: [String: String] = [:]
    var missing: [String] = []
    for name in manifests.blueprint.secretNames {
      if let secret = await context.vault.reveal(name) { values[name] = secret.withValue { $0 } } else { missing.append(name) }
    }
    guard missing.isEmpty else {
      throw .invalidArguments("the vault has no value for \(missing.joined(separator: ", ")): ask for them (ask_secret) or import them (fly_import_secrets) first")
    }
    var log: [String] = []
    func kubectl(_ arguments: [String], _ objects: [JSONValue] = []) async throws(ToolFailure) -> String {
      let input = objects.isEmpty ? [] : Array(JSONWriter.string(.object([("apiVersion", .string("v1")), ("kind", .string("List")), ("items", .array(objects))])).utf8)
      let result: CommandResult
      do {
        result = try await self.kubectl.run(arguments, kubeconfig: kubeconfig, standardInput: input)
      } catch {
        throw .unavailable(error.description)
      }
      guard result.succeeded else {
        throw .failed("kubectl \(arguments.prefix(3).joined(separator: " ")) failed (exit \(result.exitCode)): \(result.standardError.suffix(600))\nso far:\n\(log.joined(separator: "\n"))")
      }
      log += result.standardOutput.split(separator: "\n").map(String.init)
      return result.standardOutput
    }
    let byFile = Dictionary(manifests.files.map { ($0.name, $0.objects) }, uniquingKeysWith: { first, _ in first })
    var early = byFile["configmap.yaml"] ?? []
    if !values.isEmpty { early.append(manifests.secret(values: values)) }
    if let pull { early.append(manifests.registrySecret(pull.registry, username: pull.username, password: pull.password.withValue { $0 })) }
    early += (byFile["persistentvolumeclaims.yaml"] ?? []) + (byFile["services.yaml"] ?? [])
    if !early.isEmpty { _ = try await kubectl(["apply", "-f", "-"], early) }
    if let job = byFile["job.yaml"] {
      _ = try await kubectl(["delete", "job", manifests.releaseJobName, "--ignore-not-found"])
      _ = try await kubectl(["apply", "-f", "-"], job)
      _ = try await kubectl(["wait", "--for=condition=complete", "job/\(manifests.releaseJobName)", "--timeout=600s"])
    }
    _ = try await kubectl(["apply", "-f", "-"], (byFile["deployments.yaml"] ?? []) + (byFile["ingress.yaml"] ?? []))
    for group in manifests.blueprint.groups {
      _ = try await kubectl(["rollout", "status", "deployment/\(manifests.name(of: group.name))", "--timeout=300s"])
    }
    return ToolOutput(log.joined(separator: "\n") + "\nreleased and rolled out: \(manifests.blueprint.groups.map(\.name).joined(separator: ", "))")
  }

  /// The private registry's login the pods pull with, when the call names one.
  private func registryLogin(_ arguments: JSONValue, image: String, vault: SecretVault) async throws(ToolFailure) -> (registry: RegistryImage, username: String, password: Secret)? {
    guard let username = arguments["registryUsername"]?.stringValue, !username.isEmpty else { return nil }
    let name = arguments["registryPasswordSecret"]?.stringValue ?? ImagePushTool.defaultPasswordSecret
    return (try RegistryImage(reference: image), username, try await vault.registryToken(name))
  }
}
