public import LandfallModel

/// The Kubernetes objects for an app: a Deployment per process group (the group's command, the
/// same image), a Service per group with ports, an Ingress for the HTTP group, a
/// PersistentVolumeClaim per volume, a ConfigMap from `[env]`, a Secret template holding names
/// only, and the release command as a Job. One file per object kind.
public struct KubernetesManifests: Sendable {
  public var blueprint: AppBlueprint
  public var image: String
  public var host: String?
  /// Whether the pods pull with the registry Secret (`registrySecretName`), for a private registry.
  public var pullsWithSecret: Bool

  /// Manifests for `blueprint` running `image` (a registry reference the cluster can pull);
  /// `host` is the domain the Ingress answers for (any when `nil`); `pullsWithSecret` adds the
  /// registry Secret to every pod's `imagePullSecrets`.
  public init(blueprint: AppBlueprint, image: String? = nil, host: String? = nil, pullsWithSecret: Bool = false) {
    self.blueprint = blueprint
    self.image = image ?? blueprint.image ?? "\(blueprint.name):latest"
    self.host = host
    self.pullsWithSecret = pullsWithSecret
  }

  public var configMapName: String { "\(blueprint.name)-env" }
  public var secretName: String { "\(blueprint.name)-secrets" }
  public var releaseJobName: String { "\(blueprint.name)-release" }
  public var registrySecretName: String { "\(blueprint.name)-registry" }

  /// The Secret that lets the cluster pull `image` from a private registry; applied through
  /// kubectl's standard input, never written to a file.
  public func registrySecret(_ registry: RegistryImage, username: String, password: String) -> JSONValue {
    .object([
      ("apiVersion", .string("v1")), ("kind", .string("Secret")), ("metadata", metadata(registrySecretName)),
      ("type", .string("kubernetes.io/dockerconfigjson")),
      ("stringData", .object([(".dockerconfigjson", .string(registry.dockerConfigJSON(username: username, password: password)))])),
    ])
  }

  /// The pod settings every workload shares: the registry Secret when pulling needs one.
  private var pullSecrets: [(key: String, value: JSONValue)] {
    pullsWithSecret ? [("imagePullSecrets", .array([.object([("name", .string(registrySecretName))])]))] : []
  }

  /// The Deployment (and Service) name of a group.
  public func name(of group: String) -> String { "\(blueprint.name)-\(AppBlueprint.label(group, limit: 22))" }

  /// The claim name of a volume.
  public func claim(of volume: String) -> String { "\(blueprint.name)-\(AppBlueprint.label(volume, limit: 22))" }

  /// File name to objects, in the order they are applied.
  public var files: [(name: String, objects: [JSONValue])] {
    var files: [(name: String, objects: [JSONValue])] = []
    if !blueprint.settings.isEmpty { files.append(("configmap.yaml", [configMap])) }
    if !blueprint.secretNames.isEmpty { files.append(("secret-template.yaml", [secret(values: [:])])) }
    let claims = persistentVolumeClaims
    if !claims.isEmpty { files.append(("persistentvolumeclaims.yaml", claims)) }
    let services = self.services
    if !services.isEmpty { files.append(("services.yaml", services)) }
    if let job = releaseJob { files.append(("job.yaml", [job])) }
    files.append(("deployments.yaml", blueprint.groups.map(deployment)))
    if let ingress { files.append(("ingress.yaml", [ingress])) }
    return files
  }

  /// Each file's YAML text.
  public var yamlFiles: [(name: String, text: String)] {
    files.map { ($0.name, YAMLWriter.documents($0.objects)) }
  }

  private func metadata(_ name: String, component: String? = nil) -> JSONValue {
    .object([("name", .string(name)), ("labels", labels(component))])
  }

  private func labels(_ component: String?) -> JSONValue {
    var pairs: [(key: String, value: JSONValue)] = [("app.kubernetes.io/name", .string(blueprint.name))]
    if let component { pairs.append(("app.kubernetes.io/component", .string(AppBlueprint.label(component, limit: 63)))) }
    pairs.append(("app.kubernetes.io/managed-by", .string("landfall")))
    return .object(pairs)
  }

  private func selector(_ group: String) -> JSONValue {
    .object([("app.kubernetes.io/name", .string(blueprint.name)), ("app.kubernetes.io/component", .string(AppBlueprint.label(group, limit: 63)))])
  }

  var configMap: JSONValue {
    .object([
      ("apiVersion", .string("v1")), ("kind", .string("ConfigMap")), ("metadata", metadata(configMapName)),
      ("data", .object(blueprint.settings.map { (key: $0.name, value: .string($0.value)) })),
    ])
  }

  /// The Secret with `values` by name; the template on disk passes none, so every value is empty.
  public func secret(values: [String: String]) -> JSONValue {
    var meta = metadata(secretName)
    if values.isEmpty {
      meta = meta.setting("annotations", to: .object([
        ("landfall.dev/template", .string("names only: kube_apply fills the values from the vault through kubectl's standard input")),
      ]))
    }
    return .object([
      ("apiVersion", .string("v1")), ("kind", .string("Secret")), ("metadata", meta), ("type", .string("Opaque")),
      ("stringData", .object(blueprint.secretNames.map { (key: $0, value: .string(values[$0] ?? "")) })),
    ])
  }

  var persistentVolumeClaims: [JSONValue] {
    var seen: [String] = []
    for mount in blueprint.groups.flatMap(\.mounts) where !seen.contains(mount.source) { seen.append(mount.source) }
    return seen.map { source in
      let size = max(1, blueprint.volumes.filter { $0.name == source }.map(\.sizeGb).max() ?? 1)
      return .object([
        ("apiVersion", .string("v1")), ("kind", .string("PersistentVolumeClaim")), ("metadata", metadata(claim(of: source))),
        ("spec", .object([
          ("accessModes", .strings(["ReadWriteOnce"])),
          ("resources", .object([("requests", .object([("storage", .string("\(size)Gi"))]))])),
        ])),
      ])
    }
  }

  private func portName(_ port: AppBlueprint.Port) -> String {
    port.http ? "http" : "\(port.protocol == "udp" ? "udp" : "tcp")-\(port.internalPort)"
  }

  var services: [JSONValue] {
    blueprint.groups.filter { !$0.ports.isEmpty }.map { group in
      .object([
        ("apiVersion", .string("v1")), ("kind", .string("Service")), ("metadata", metadata(name(of: group.name), component: group.name)),
        ("spec", .object([
          ("selector", selector(group.name)),
          ("ports", .array(uniquePorts(group).map { port in
            .object([
              ("name", .string(portName(port))), ("port", .int(port.internalPort)), ("targetPort", .int(port.internalPort)),
              ("protocol", .string(port.protocol == "udp" ? "UDP" : "TCP")),
            ])
          })),
        ])),
      ])
    }
  }

  private func uniquePorts(_ group: AppBlueprint.Group) -> [AppBlueprint.Port] {
    var seen = Set<String>()
    return group.ports.filter { seen.insert(portName($0)).inserted && seen.insert("\($0.internalPort)/\($0.protocol)").inserted }
  }

  var ingress: JSONValue? {
    guard let group = blueprint.httpGroup, let port = group.httpPort else { return nil }
    var rule: [(key: String, value: JSONValue)] = []
    if let host { rule.append(("host", .string(host))) }
    rule.append(("http", .object([("paths", .array([.object([
      ("path", .string("/")), ("pathType", .string("Prefix")),
      ("backend", .object([("service", .object([("name", .string(name(of: group.name))), ("port", .object([("number", .int(port))]))]))])),
    ])]))])))
    return .object([
      ("apiVersion", .string("networking.k8s.io/v1")), ("kind", .string("Ingress")), ("metadata", metadata(blueprint.name, component: group.name)),
      ("spec", .object([("rules", .array([.object(rule)]))])),
    ])
  }

  private var envFrom: JSONValue? {
    var sources: [JSONValue] = []
    if !blueprint.settings.isEmpty { sources.append(.object([("configMapRef", .object([("name", .string(configMapName))]))])) }
    if !blueprint.secretNames.isEmpty { sources.append(.object([("secretRef", .object([("name", .string(secretName))]))])) }
    return sources.isEmpty ? nil : .array(sources)
  }

  private func container(_ name: String, command: [String]?) -> [(key: String, value: JSONValue)] {
    var pairs: [(key: String, value: JSONValue)] = [("name", .string(AppBlueprint.label(name, limit: 63))), ("image", .string(image))]
    if let command { pairs.append(("args", .strings(command))) }
    if let envFrom { pairs.append(("envFrom", envFrom)) }
    return pairs
  }

  var releaseJob: JSONValue? {
    guard let command = blueprint.releaseCommand else { return nil }
    return .object([
      ("apiVersion", .string("batch/v1")), ("kind", .string("Job")), ("metadata", metadata(releaseJobName, component: "release")),
      ("spec", .object([
        ("backoffLimit", .int(0)), ("ttlSecondsAfterFinished", .int(86_400)),
        ("template", .object([
          ("metadata", .object([("labels", labels("release"))])),
          ("spec", .object([("restartPolicy", .string("Never")), ("containers", .array([.object(container("release", command: command))]))] + pullSecrets)),
        ])),
      ])),
    ])
  }

  func deployment(_ group: AppBlueprint.Group) -> JSONValue {
    var spec = container(group.name, command: group.command)
    let ports = uniquePorts(group)
    if !ports.isEmpty {
      spec.append(("ports", .array(ports.map { port in
        .object([
          ("name", .string(portName(port))), ("containerPort", .int(port.internalPort)),
          ("protocol", .string(port.protocol == "udp" ? "UDP" : "TCP")),
        ])
      })))
    }
    if let check = group.checks.first { spec.append(("readinessProbe", Self.probe(check))) }
    var resources: [(key: String, value: JSONValue)] = []
    if let memory = group.memoryMb {
      resources.append(("requests", .object([("cpu", .string("\((group.cpus ?? 1) * 250)m")), ("memory", .string("\(memory)Mi"))])))
      resources.append(("limits", .object([("memory", .string("\(memory)Mi"))])))
    }
    if !resources.isEmpty { spec.append(("resources", .object(resources))) }
    if !group.mounts.isEmpty {
      spec.append(("volumeMounts", .array(group.mounts.map { mount in
        .object([("name", .string(claim(of: mount.source))), ("mountPath", .string(mount.destination))])
      })))
    }
    var pod: [(key: String, value: JSONValue)] = [("containers", .array([.object(spec)]))] + pullSecrets
    if let timeout = blueprint.killTimeoutSeconds { pod.append(("terminationGracePeriodSeconds", .int(timeout))) }
    if !group.mounts.isEmpty {
      pod.append(("volumes", .array(group.mounts.map { mount in
        .object([("name", .string(claim(of: mount.source))), ("persistentVolumeClaim", .object([("claimName", .string(claim(of: mount.source)))]))])
      })))
    }
    var deploymentSpec: [(key: String, value: JSONValue)] = [
      ("replicas", .int(group.mounts.isEmpty ? max(1, group.machineCount) : 1)),
      ("selector", .object([("matchLabels", selector(group.name))])),
    ]
    if !group.mounts.isEmpty { deploymentSpec.append(("strategy", .object([("type", .string("Recreate"))]))) }
    deploymentSpec.append(("template", .object([("metadata", .object([("labels", labels(group.name))])), ("spec", .object(pod))])))
    return .object([
      ("apiVersion", .string("apps/v1")), ("kind", .string("Deployment")), ("metadata", metadata(name(of: group.name), component: group.name)),
      ("spec", .object(deploymentSpec)),
    ])
  }

  static func probe(_ check: AppBlueprint.Check) -> JSONValue {
    let action: (key: String, value: JSONValue) = check.http
      ? ("httpGet", .object([("path", .string(check.path)), ("port", .int(check.port))]))
      : ("tcpSocket", .object([("port", .int(check.port))]))
    return .object([
      action, ("initialDelaySeconds", .int(check.gracePeriodSeconds)), ("periodSeconds", .int(check.intervalSeconds)),
      ("timeoutSeconds", .int(check.timeoutSeconds)),
    ])
  }
}
