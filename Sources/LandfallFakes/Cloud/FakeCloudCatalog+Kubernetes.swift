internal import LandfallCore
internal import LandfallModel

extension FakeCloudCatalog {
  static let clusterCreate: [(String, JSONValue)] = [
    ("name", S.string("cluster name", minLength: 1)), ("package", S.string("node package label from list_kubernetes_packages")),
    ("region", S.string("region label from list_regions")), ("version", S.string("Kubernetes version from list_kubernetes_versions")),
    ("controlNodes", S.integer("control plane nodes", minimum: 1)), ("workerNodes", S.integer("worker nodes", minimum: 0)),
    ("description", S.string("free text")), ("networkId", S.string("existing network to join; omit for a new one")),
    ("keypair", S.string("SSH key name for the nodes")),
  ]
  static let clusterCreateRequired = ["name", "package", "region", "version", "controlNodes", "workerNodes"]
  static let clusterID: [(String, JSONValue)] = [("id", S.string("cluster id"))]

  static let kubernetes: [Entry] = [
    entry("kubernetes", "list_kubernetes_versions", .read, "List Kubernetes versions", "List the Kubernetes versions a cluster can be created with or upgraded to.", [
      ("current_version", S.string("only versions an upgrade from this one can reach")),
    ] + pagination),
    entry("kubernetes", "list_kubernetes_packages", .read, "List Kubernetes packages", "List the node packages (CPU, memory, disk per node) for managed Kubernetes clusters.", pagination),
    entry("kubernetes", "list_kubernetes_clusters", .read, "List Kubernetes clusters", "List the managed Kubernetes clusters in the account.", pagination),
    entry("kubernetes", "get_kubernetes_cluster", .read, "Get Kubernetes cluster", "Get one managed Kubernetes cluster by id, with its status and address; details adds its nodes.", clusterID + [
      ("details", S.boolean("include the nodes")),
    ], required: ["id"]),
    entry("kubernetes", "delete_kubernetes_cluster", .destructive, idempotent: true, "Delete Kubernetes cluster", "Delete a managed Kubernetes cluster with its nodes and workloads.", clusterID, required: ["id"]),
    entry("kubernetes", "create_kubernetes_cluster", .write, "Create Kubernetes cluster", "Create a managed Kubernetes cluster. Returns at once with status CREATING; poll get_kubernetes_cluster until RUNNING. Billing starts immediately.", clusterCreate, required: clusterCreateRequired),
    entry("kubernetes", "get_cost_estimate_kubernetes", .read, "Kubernetes cost estimate", "Estimate the hourly and monthly cost of a cluster; takes the same arguments as create_kubernetes_cluster and charges nothing.", clusterCreate, required: clusterCreateRequired),
    entry("kubernetes", "power_kubernetes_cluster", .write, idempotent: true, "Power Kubernetes cluster", "Start or stop every node of a managed Kubernetes cluster.", clusterID + [
      ("action", S.enumeration(["start", "stop"], "action")),
    ], required: ["id", "action"]),
    entry("kubernetes", "get_kubernetes_cluster_config", .read, "Get Kubernetes cluster config", "Get the kubeconfig of a running cluster (needs an API key that can write).", clusterID, required: ["id"]),
    entry("kubernetes", "scale_kubernetes_cluster", .write, idempotent: true, "Scale Kubernetes cluster", "Change a cluster's worker count or autoscaling range; give at least one setting.", clusterID + [
      ("workerNodes", S.integer("worker nodes", minimum: 0)), ("autoscalingEnabled", S.boolean("let the cluster scale itself")),
      ("minWorkers", S.integer("fewest workers when autoscaling", minimum: 0)), ("maxWorkers", S.integer("most workers when autoscaling", minimum: 0)),
    ], required: ["id"]),
    entry("kubernetes", "upgrade_kubernetes_cluster", .write, idempotent: true, "Upgrade Kubernetes cluster", "Upgrade a managed Kubernetes cluster to a newer Kubernetes version.", clusterID + [
      ("version", S.string("target version from list_kubernetes_versions")),
    ], required: ["id", "version"]),
  ]
}
