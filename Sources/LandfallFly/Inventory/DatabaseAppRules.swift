/// Recognises apps that are themselves databases, whose data is dumped and restored rather
/// than the app moved: a Fly Postgres cluster (image labelled `fly.app_role=postgres_cluster`,
/// image `flyio/postgres*`, volume `pg_data` at `/data`), or an app running a database image
/// with no volume (its data is on the root filesystem, kept only by `persist_rootfs`).
enum DatabaseAppRules {
  /// What the config and the Machines' image labels say about the app being a database.
  struct Findings {
    var evidence: [String] = []
    var warnings: [String] = []
    /// Why the app is a Fly Postgres cluster; `nil` when it is not one.
    var clusterReason: String?
    var dataOnRootFilesystem = false
  }

  static let roleLabel = "fly.app_role"
  static let clusterRole = "postgres_cluster"

  /// Evidence that the app is a database, and warnings saying what that means for the move.
  static func findings(_ config: FlyConfig, imageLabels: [String: String] = [:]) -> Findings {
    var found = Findings()
    let image = config.build.image?.lowercased() ?? ""
    let labelled = imageLabels[roleLabel] == clusterRole
    let clusterImage = image.hasPrefix("flyio/postgres") || image.contains("/flyio/postgres")
    let dataVolume = config.mounts.contains { $0.source == "pg_data" && $0.destination == "/data" }
    if labelled { found.evidence.append("[image] labelled \(roleLabel)=\(clusterRole), as Fly Postgres cluster images are") }
    if clusterImage { found.evidence.append("[image] \(config.build.image ?? image) is Fly's Postgres cluster image") }
    if dataVolume { found.evidence.append("[mounts] volume pg_data at /data, as a Fly Postgres cluster keeps it") }
    if labelled || clusterImage || dataVolume && image.contains("postgres") {
      found.clusterReason =
        labelled
        ? "its Machines run an image labelled \(roleLabel)=\(clusterRole): a Fly Postgres cluster"
        : "it runs Fly's Postgres cluster image with its data in volume pg_data"
      found.warnings.append(
        "this app is a Fly Postgres cluster: it is a database to dump (pg_dump from it, restore on the server), not an app to move; migrate the apps that use it and point them at the restored database")
      return found
    }
    let databaseEnv = config.env.filter { $0.name.hasPrefix("POSTGRES_") || $0.name.hasPrefix("PGDATA") }.map(\.name)
    let databaseImage = ["postgres", "mysql", "mariadb", "mongo", "redis"].contains { image.hasPrefix($0) || image.contains("/\($0)") }
    guard config.mounts.isEmpty, databaseImage || !databaseEnv.isEmpty else { return found }
    found.evidence += databaseEnv.map { "[env] \($0) in fly.toml" }
    found.dataOnRootFilesystem = true
    let kept = config.vm.compactMap(\.persistRootfs).first { $0 != "never" }
    let survival =
      kept.map { "persist_rootfs = \"\($0)\" keeps it across restarts, but not when the Machine is replaced or moved" }
      ?? "without persist_rootfs it is lost whenever the Machine restarts"
    found.warnings.append(
      "this app runs a database with no volume: its data lives on the Machine's root filesystem (\(survival)), so it must be dumped from the running Machine before anything is stopped")
    return found
  }
}
