/// Recognises apps that are themselves databases, whose data is dumped and restored rather
/// than the app moved: a Fly Postgres cluster (image `flyio/postgres*`, volume `pg_data` at
/// `/data`), or an app running a database image with no volume (its data is on the root
/// filesystem, kept only by `persist_rootfs`).
enum DatabaseAppRules {
  /// Evidence that the app is a database, and warnings saying what that means for the move.
  static func findings(_ config: FlyConfig) -> (evidence: [String], warnings: [String]) {
    var evidence: [String] = []
    var warnings: [String] = []
    let image = config.build.image?.lowercased() ?? ""
    let clusterImage = image.hasPrefix("flyio/postgres") || image.contains("/flyio/postgres")
    let dataVolume = config.mounts.first { $0.source == "pg_data" && $0.destination == "/data" }
    if clusterImage { evidence.append("[image] \(config.build.image ?? image) is Fly's Postgres cluster image") }
    if dataVolume != nil { evidence.append("[mounts] volume pg_data at /data, as a Fly Postgres cluster keeps it") }
    if clusterImage || dataVolume != nil && image.contains("postgres") {
      warnings.append(
        "this app is a Fly Postgres cluster: it is a database to dump (pg_dump from it, restore on the server), not an app to move; migrate the apps that use it and point them at the restored database")
    }
    let databaseEnv = config.env.filter { $0.name.hasPrefix("POSTGRES_") || $0.name.hasPrefix("PGDATA") }.map(\.name)
    let databaseImage = ["postgres", "mysql", "mariadb", "mongo", "redis"].contains { image.hasPrefix($0) || image.contains("/\($0)") }
    if !clusterImage, config.mounts.isEmpty, databaseImage || !databaseEnv.isEmpty {
      evidence += databaseEnv.map { "[env] \($0) in fly.toml" }
      warnings.append(
        "this app runs a database with no volume: its data lives on the machine's root filesystem (kept only while persist_rootfs holds it), so it must be dumped from the running machine before anything is stopped")
    }
    return (evidence, warnings)
  }
}
