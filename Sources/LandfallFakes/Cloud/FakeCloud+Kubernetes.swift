internal import LandfallCore
internal import LandfallModel

extension FakeCloud {
  static let kubernetesVersions = ["1.32.9", "1.33.5", "1.34.1"]

  static let kubernetesPackages: [JSONValue] = [
    ("k8s-standard-2", "Standard, 2 vCPU, 4 GB per node", 2, 4_096, 50), ("k8s-standard-4", "Standard, 4 vCPU, 8 GB per node", 4, 8_192, 80),
    ("k8s-performance-8", "Performance, 8 vCPU, 16 GB per node", 8, 16_384, 160),
  ].enumerated().map { index, package in
    .object([
      ("id", .string("3e2d1c0b-0000-4000-8000-00000000030\(index + 1)")), ("label", .string(package.0)), ("description", .string(package.1)),
      ("cpu", .int(package.2)), ("memoryMb", .int(package.3)), ("diskGb", .int(package.4)),
    ])
  }

  func handleKubernetes(_ name: String, _ arguments: JSONValue) -> MCPToolResult? {
    let id = arguments["id"]?.stringValue ?? ""
    switch name {
    case "list_kubernetes_versions":
      let current = arguments["current_version"]?.stringValue
      let versions = Self.kubernetesVersions.filter { current == nil || Self.newer($0, than: current ?? "") }
      return Self.page(versions.enumerated().map { index, version in
        .object([("id", .string("k8s-\(version)")), ("version", .string(version)), ("isDefault", .bool(index == Self.kubernetesVersions.count - 1))])
      }, arguments)
    case "list_kubernetes_packages": return Self.page(Self.kubernetesPackages, arguments)
    case "list_kubernetes_clusters": return Self.page(state.items("clusters").map { $0.visible.removing("nodes") }, arguments)
    case "get_kubernetes_cluster":
      guard var cluster = state.find("clusters", "id", id) else { return Self.apiError(404, message: "Kubernetes cluster not found.") }
      cluster = advanceCluster(cluster)
      state.upsert("clusters", cluster)
      let view = cluster.visible
      return Self.json(arguments["details"]?.boolValue == true ? view : view.removing("nodes"))
    case "create_kubernetes_cluster": return createCluster(arguments)
    case "get_cost_estimate_kubernetes":
      if let problem = clusterProblem(arguments) { return problem }
      return Self.json(clusterEstimate(arguments))
    case "delete_kubernetes_cluster":
      guard state.find("clusters", "id", id) != nil else { return Self.apiError(404, message: "Kubernetes cluster not found.") }
      state.remove("clusters") { $0["id"]?.stringValue == id }
      return Self.noContent(name)
    case "power_kubernetes_cluster":
      guard let cluster = state.find("clusters", "id", id) else { return Self.apiError(404, message: "Kubernetes cluster not found.") }
      state.upsert("clusters", cluster.setting("status", to: .string(arguments["action"]?.stringValue == "stop" ? "STOPPED" : "RUNNING")))
      return Self.noContent(name)
    case "get_kubernetes_cluster_config":
      guard let cluster = state.find("clusters", "id", id) else { return Self.apiError(404, message: "Kubernetes cluster not found.") }
      guard cluster["status"]?.stringValue == "RUNNING" else {
        return Self.apiError(409, code: "provisioning_in_progress", message: "The cluster is not running yet; try again when its status is RUNNING.")
      }
      return Self.json(.object([("configdata", .string(Self.kubeconfig(cluster)))]))
    case "scale_kubernetes_cluster": return scaleCluster(id, arguments)
    case "upgrade_kubernetes_cluster":
      guard let cluster = state.find("clusters", "id", id) else { return Self.apiError(404, message: "Kubernetes cluster not found.") }
      let version = arguments["version"]?.stringValue ?? ""
      guard Self.kubernetesVersions.contains(version), Self.newer(version, than: cluster["kubernetesVersion"]?.stringValue ?? "") else {
        return Self.apiError(400, message: "version must be a listed version newer than the cluster's")
      }
      state.upsert("clusters", cluster.setting("kubernetesVersion", to: .string(version)))
      return Self.noContent(name)
    default: return nil
    }
  }

  private func clusterProblem(_ arguments: JSONValue) -> MCPToolResult? {
    var messages: [String] = []
    if !Self.regions.contains(where: { $0["label"] == arguments["region"] }) { messages.append("region is not a known region label") }
    if !Self.kubernetesPackages.contains(where: { $0["label"] == arguments["package"] }) { messages.append("package is not a known Kubernetes package label") }
    if !Self.kubernetesVersions.contains(arguments["version"]?.stringValue ?? "") { messages.append("version is not an offered Kubernetes version") }
    return messages.isEmpty ? nil : Self.apiError(400, message: messages.joined(separator: "; "))
  }

  private func clusterEstimate(_ arguments: JSONValue) -> JSONValue {
    let package = Self.kubernetesPackages.first { $0["label"] == arguments["package"] } ?? .null
    let nodes = (arguments["controlNodes"]?.intValue ?? 1) + (arguments["workerNodes"]?.intValue ?? 0)
    return FakeCloudPrices.cluster(
      nodes: nodes, cpu: package["cpu"]?.intValue ?? 2, memoryMb: package["memoryMb"]?.intValue ?? 4_096, diskGb: package["diskGb"]?.intValue ?? 50)
  }

  private func createCluster(_ arguments: JSONValue) -> MCPToolResult {
    if let problem = clusterProblem(arguments) { return problem }
    let name = arguments["name"]?.stringValue ?? ""
    if state.find("clusters", "name", name) != nil { return Self.apiError(409, message: "A Kubernetes cluster named \(name) already exists.") }
    if let key = arguments["keypair"]?.stringValue, state.find("sshKeys", "name", key) == nil {
      return Self.apiError(400, message: "SSH key \(key) not found")
    }
    let id = state.nextID()
    let cluster: JSONValue = .object([
      ("id", .string(id)), ("name", .string(name)), ("region", arguments["region"] ?? .null), ("status", .string("CREATING")),
      ("kubernetesVersion", arguments["version"] ?? .null), ("createdAt", .string(state.now)), ("package", arguments["package"] ?? .null),
      ("description", arguments["description"] ?? .string("")), ("ipAddress", .null), ("ipAddressId", .null),
      ("nodePool", .object([
        ("controlNodes", arguments["controlNodes"] ?? .int(1)), ("workerNodes", arguments["workerNodes"] ?? .int(0)),
        ("autoscalingEnabled", .bool(false)), ("minWorkers", .null), ("maxWorkers", .null),
      ])),
      ("nodes", .array([])), ("_polls", .int(0)),
    ])
    state.upsert("clusters", cluster)
    return Self.json(cluster.visible.removing("nodes"))
  }

  /// A cluster moves CREATING -> RUNNING after two polls, with a public address and its nodes.
  private func advanceCluster(_ cluster: JSONValue) -> JSONValue {
    let polls = (cluster["_polls"]?.intValue ?? 0) + 1
    var next = cluster.setting("_polls", to: .int(polls))
    guard cluster["status"]?.stringValue == "CREATING", polls >= 2 else { return next }
    let address = "203.0.113.\(100 + state.items("clusters").count)"
    let pool = cluster["nodePool"] ?? .null
    let control = pool["controlNodes"]?.intValue ?? 1
    let workers = pool["workerNodes"]?.intValue ?? 0
    let nodes: [JSONValue] = (0..<(control + workers)).map { index in
      .object([
        ("name", .string("\(cluster["name"]?.stringValue ?? "k8s")-\(index < control ? "control" : "worker")-\(index + 1)")),
        ("role", .string(index < control ? "control-plane" : "worker")), ("status", .string("Ready")), ("sshPort", .int(2222 + index)),
      ])
    }
    next = next.setting("status", to: .string("RUNNING")).setting("ipAddress", to: .string(address))
      .setting("ipAddressId", to: .string(state.nextID())).setting("nodes", to: .array(nodes))
    return next
  }

  private func scaleCluster(_ id: String, _ arguments: JSONValue) -> MCPToolResult {
    guard let cluster = state.find("clusters", "id", id) else { return Self.apiError(404, message: "Kubernetes cluster not found.") }
    let keys = ["workerNodes", "autoscalingEnabled", "minWorkers", "maxWorkers"]
    guard keys.contains(where: { arguments[$0] != nil }) else {
      return Self.apiError(400, message: "workerNodes, autoscalingEnabled, minWorkers or maxWorkers is required")
    }
    var pool = cluster["nodePool"] ?? .object([])
    for key in keys { if let value = arguments[key] { pool = pool.setting(key, to: value) } }
    state.upsert("clusters", cluster.setting("nodePool", to: pool))
    return Self.noContent("scale_kubernetes_cluster")
  }

  /// A kubeconfig shaped like the ones the fake hands out, for tests of the tools that use one.
  public static var sampleKubeconfig: String {
    kubeconfig(.object([("id", .string("sample")), ("name", .string("sample")), ("ipAddress", .string("127.0.0.1"))]))
  }

  static func kubeconfig(_ cluster: JSONValue) -> String {
    let name = cluster["name"]?.stringValue ?? "cluster"
    let token = "fake-k8s-token-" + FNV1a.hex("token/\(cluster["id"]?.stringValue ?? "")") + FNV1a.hex("\(name)/admin")
    return """
      apiVersion: v1
      kind: Config
      clusters:
        - name: \(name)
          cluster:
            server: https://\(cluster["ipAddress"]?.stringValue ?? "127.0.0.1"):6443
            insecure-skip-tls-verify: true
      users:
        - name: \(name)-admin
          user:
            token: \(token)
      contexts:
        - name: \(name)
          context:
            cluster: \(name)
            user: \(name)-admin
      current-context: \(name)

      """
  }

  static func newer(_ version: String, than other: String) -> Bool {
    let left = version.split(separator: ".").compactMap { Int($0) }
    let right = other.split(separator: ".").compactMap { Int($0) }
    return left.lexicographicallyPrecedes(right) == false && left != right
  }
}

extension JSONValue {
  fileprivate func removing(_ key: String) -> JSONValue {
    guard case .object(let pairs) = self else { return self }
    return .object(pairs.filter { $0.key != key })
  }
}
