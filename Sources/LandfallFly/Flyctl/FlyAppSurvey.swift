internal import LandfallModel

/// Asks flyctl everything the inventory needs about one app, turning every failure into a
/// warning: a missing flyctl, a missing login or a wrong app name never stops the inventory.
public struct FlyAppSurvey: Sendable {
  private let flyctl: FlyctlClient
  private static let helperGroups: Set<String> = ["fly_app_release_command", "fly_app_console"]
  private static let maximumClustersChecked = 5

  /// A survey that talks to flyctl through `flyctl`.
  public init(flyctl: FlyctlClient) {
    self.flyctl = flyctl
  }

  /// Gathers regions, volumes, secret names, group sizes and Postgres evidence for `app`.
  public func facts(app: String) async -> FlyFacts {
    var facts = FlyFacts()
    do {
      let status = try await flyctl.json(["status", "--json", "-a", app], app: app)
      facts.machines = machines(in: status)
      facts.regions = facts.machines?.regions
      facts.imageLabels = Self.imageLabels(in: status)
    } catch {
      facts.warnings.append(error.description)
      return facts
    }
    facts.volumes = await attempt(&facts.warnings) { () throws(FlyctlFailure) in
      let volumes = try await flyctl.json(["volumes", "list", "--json", "-a", app], app: app)
      return (volumes.arrayValue ?? []).compactMap(Self.volume)
    }
    facts.secretNames = await attempt(&facts.warnings) { () throws(FlyctlFailure) in
      let secrets = try await flyctl.json(["secrets", "list", "--json", "-a", app], app: app)
      return (secrets.arrayValue ?? []).compactMap { $0.first("name", "Name")?.stringValue }
    }
    facts.groupSizes = await attempt(&facts.warnings) { () throws(FlyctlFailure) in
      let scale = try await flyctl.json(["scale", "show", "--json", "-a", app], app: app)
      return (scale.arrayValue ?? []).compactMap(Self.groupSize)
    }
    facts.postgresEvidence = await postgresEvidence(app: app, secretNames: facts.secretNames ?? [], into: &facts)
    return facts
  }

  private func attempt<T>(
    _ warnings: inout [String], _ body: () async throws(FlyctlFailure) -> T
  ) async -> T? {
    do {
      return try await body()
    } catch {
      warnings.append(error.description)
      return nil
    }
  }

  private func machines(in status: JSONValue) -> [Inventory.Machine] {
    (status.first("Machines", "machines")?.arrayValue ?? []).compactMap { machine in
      let group = machine["config"]?["metadata"]?["fly_process_group"]?.stringValue ?? ""
      guard !Self.helperGroups.contains(group), machine["state"]?.stringValue != "destroyed",
        let region = machine["region"]?.stringValue
      else { return nil }
      return Inventory.Machine(group: group.isEmpty ? "app" : group, region: region)
    }
  }

  private static func imageLabels(in status: JSONValue) -> [String: String] {
    var labels: [String: String] = [:]
    for machine in status.first("Machines", "machines")?.arrayValue ?? [] where machine["state"]?.stringValue != "destroyed" {
      for pair in machine["image_ref"]?["labels"]?.objectValue ?? [] {
        if let value = pair.value.stringValue { labels[pair.key] = value }
      }
    }
    return labels
  }

  private static func volume(_ entry: JSONValue) -> Inventory.Volume? {
    guard entry["state"]?.stringValue != "destroyed",
      let name = entry.first("name", "Name")?.stringValue
    else { return nil }
    let size = entry.first("size_gb", "SizeGb", "sizeGb")?.intValue ?? 0
    let region = entry.first("region", "Region")?.stringValue ?? ""
    return Inventory.Volume(name: name, sizeGb: size, region: region)
  }

  private static func groupSize(_ entry: JSONValue) -> Inventory.VMSize? {
    guard let group = entry.first("Process", "process")?.stringValue, !helperGroups.contains(group) else {
      return nil
    }
    let kind = entry.first("CPUKind", "cpu_kind")?.stringValue ?? "shared"
    let cpus = entry.first("CPUs", "cpus")?.intValue
    let memory = entry.first("Memory", "memory_mb")?.intValue
    let size = cpus.map { kind == "performance" ? "performance-\($0)x" : "shared-cpu-\($0)x" }
    return Inventory.VMSize(processes: [group], size: size, cpus: cpus, memoryMb: memory)
  }

  private func postgresEvidence(app: String, secretNames: [String], into facts: inout FlyFacts) async -> [String] {
    var evidence = secretNames.filter(Self.looksLikeDatabaseSecret).map { "secret \($0)" }
    let clusters: [String]
    do {
      let output = try await flyctl.run(["postgres", "list", "--json"])
      if output.contains("No postgres clusters found") { return evidence }
      let parsed = try JSONParser.parse(output)
      clusters = (parsed.arrayValue ?? []).compactMap { $0.first("Name", "name")?.stringValue }
    } catch let failure as FlyctlFailure {
      facts.warnings.append(failure.description)
      return evidence
    } catch {
      facts.warnings.append("flyctl postgres list printed output Landfall could not read")
      return evidence
    }
    let fingerprint = app.lowercased().replacing("-", with: "_")
    for cluster in clusters.prefix(Self.maximumClustersChecked) {
      if cluster == "\(app)-db" || cluster == "\(app)-pg" {
        evidence.append("Postgres app \(cluster) is named after this app")
      }
      guard let users = try? await flyctl.json(["postgres", "users", "list", "-a", cluster, "--json"]) else {
        continue
      }
      let names = (users.arrayValue ?? []).compactMap { $0.first("Username", "username")?.stringValue }
      if names.contains(fingerprint) {
        evidence.append("Postgres app \(cluster) has a user \(fingerprint) (made by fly postgres attach)")
      }
    }
    return evidence
  }

  /// True for secret names that usually carry a Postgres connection string.
  public static func looksLikeDatabaseSecret(_ name: String) -> Bool {
    let upper = name.uppercased()
    return upper == "DATABASE_URL" || upper.hasSuffix("_DATABASE_URL") || upper.hasPrefix("POSTGRES")
      || upper == "PGPASSWORD" || upper == "PG_URL"
  }
}
