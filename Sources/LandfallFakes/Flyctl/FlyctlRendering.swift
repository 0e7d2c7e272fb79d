internal import LandfallModel

/// flyctl's output shapes: JSON with its key casing (PascalCase for GraphQL types, snake_case for
/// Machines API types) pretty-printed with four spaces, and its plain-text tables.
enum FlyctlRendering {
  static let timestamp = "2026-01-15T10:00:00Z"

  static func pretty(_ value: JSONValue) -> String {
    JSONWriter.string(value, style: .pretty(indent: 4)) + "\n"
  }

  static func table(_ header: [String], _ rows: [[String]]) -> String {
    let widths = header.indices.map { column in
      ([header[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0
    }
    func line(_ cells: [String]) -> String {
      zip(cells, widths).map { $0 + String(repeating: " ", count: $1 - $0.count) }
        .joined(separator: "\t").trimmingTrailingSpaces() + "\n"
    }
    return line(header) + rows.map(line).joined()
  }

  static func appJSON(_ app: FakeFlyState.App) -> JSONValue {
    .object([
      ("ID", .string(app.name)), ("InternalNumericID", .int(Int(digest(app.name).prefix(5), radix: 16) ?? 0)),
      ("Name", .string(app.name)), ("State", .string(app.status == "suspended" ? "suspended" : "deployed")),
      ("Status", .string(app.status)), ("Deployed", .bool(app.status == "deployed")),
      ("Hostname", .string("\(app.name).fly.dev")), ("AppURL", .string("https://\(app.name).fly.dev")),
      ("Version", .int(1)), ("NetworkID", .int(0)), ("Network", .string("default")),
      ("Organization", .object([
        ("ID", .string(app.organization)), ("Name", .string(app.organization)),
        ("Slug", .string(app.organization)), ("RawSlug", .string(app.organization)), ("Type", .string("PERSONAL")),
      ])),
      ("PostgresAppRole", .null), ("PlatformVersion", .string("machines")),
    ])
  }

  static func appList(_ apps: [FakeFlyState.App], json: Bool) -> String {
    if json { return pretty(.array(apps.map(appJSON))) }
    return table(["NAME", "OWNER", "STATUS", "LATEST DEPLOY"], apps.map { [$0.name, $0.organization, $0.status, ""] })
  }

  static func status(_ app: FakeFlyState.App, json: Bool) -> String {
    if json {
      let machines = app.machines.filter { !$0.processGroup.isEmpty }.sorted { $0.id > $1.id }.map { machineJSON($0, app: app) }
      return pretty(.object([
        ("ID", .string(app.name)), ("Name", .string(app.name)), ("Deployed", .bool(app.status == "deployed")),
        ("Status", .string(app.status)), ("Hostname", .string("\(app.name).fly.dev")), ("Version", .int(1)),
        ("AppURL", .string("https://\(app.name).fly.dev")),
        ("Organization", .object([
          ("ID", .string(app.organization)), ("InternalNumericID", .string("1")), ("Name", .string(app.organization)),
          ("Slug", .string(app.organization)), ("RawSlug", .string(app.organization)), ("PaidPlan", .bool(true)),
        ])),
        ("PlatformVersion", .string("machines")), ("Machines", .array(machines)),
      ]))
    }
    let rows = app.machines.filter { !$0.processGroup.isEmpty }.map { [$0.processGroup, $0.id, "1", $0.region, $0.state, "", "", timestamp] }
    return "App\n  Name     = \(app.name)\n  Owner    = \(app.organization)\n  Hostname = \(app.name).fly.dev\n"
      + "  Platform = machines\n\n"
      + table(["PROCESS", "ID", "VERSION", "REGION", "STATE", "ROLE", "CHECKS", "LAST UPDATED"], rows)
  }

  static func machineJSON(_ machine: FakeFlyState.Machine, app: FakeFlyState.App) -> JSONValue {
    let mounts = app.volumes.filter { $0.attachedMachineId == machine.id }.map { volume in
      JSONValue.object([
        ("volume", .string(volume.id)), ("path", .string(machine.mountPath)), ("name", .string(volume.name)),
        ("size_gb", .int(volume.sizeGb)), ("encrypted", .bool(true)),
      ])
    }
    let env = runtimeEnvironment(app: app, machine: machine).filter { $0.name == "FLY_PROCESS_GROUP" || $0.name == "PRIMARY_REGION" }
      + machine.env
    let imageParts = machine.image.split(separator: ":", maxSplits: 1)
    let repository = imageParts.first.map(String.init) ?? machine.image
    return .object([
      ("id", .string(machine.id)), ("name", .string("\(app.name)-\(machine.id.prefix(6))")),
      ("state", .string(machine.state)), ("region", .string(machine.region)),
      ("image_ref", .object([
        ("registry", .string(repository.split(separator: "/").first.map(String.init) ?? "")),
        ("repository", .string(repository.split(separator: "/").dropFirst().joined(separator: "/"))),
        ("tag", .string(imageParts.count > 1 ? String(imageParts[1]) : "latest")), ("digest", .string("")),
        ("labels", .object(machine.imageLabels.map { (key: $0.name, value: JSONValue.string($0.value)) })),
      ])),
      ("instance_id", .string("01J\(machine.id.uppercased())")), ("version", .string("1")),
      ("private_ip", .string("fdaa:0:1::2")), ("created_at", .string(timestamp)), ("updated_at", .string(timestamp)),
      ("config", .object([
        ("env", .object(env.map { (key: $0.name, value: JSONValue.string($0.value)) })),
        ("init", .object([])),
        ("guest", .object([
          ("cpu_kind", .string(machine.cpuKind)), ("cpus", .int(machine.cpus)), ("memory_mb", .int(machine.memoryMb)),
        ])),
        ("metadata", .object(metadata(machine))),
        ("mounts", .array(mounts)), ("image", .string(machine.image)),
        ("services", .array([])),
      ])),
      ("events", .array([])), ("checks", .array([])), ("host_status", .string("ok")), ("cordoned", .bool(false)),
    ])
  }

  /// Fly Launch's metadata (a Machine from `machine run` has none, so `status` and `scale` leave
  /// it out), then what `machine run --metadata` set.
  static func metadata(_ machine: FakeFlyState.Machine) -> [(key: String, value: JSONValue)] {
    var pairs: [(key: String, value: JSONValue)] = []
    if !machine.processGroup.isEmpty {
      pairs = [
        ("fly_platform_version", .string("v2")), ("fly_process_group", .string(machine.processGroup)), ("fly_release_version", .string("1")),
      ]
    }
    return pairs + machine.metadata.map { (key: $0.name, value: JSONValue.string($0.value)) }
  }

  static func machineList(_ app: FakeFlyState.App, json: Bool) -> String {
    if json { return pretty(.array(app.machines.map { machineJSON($0, app: app) })) }
    if app.machines.isEmpty { return "No machines are available on this app \(app.name)\n" }
    let rows = app.machines.map {
      [$0.id, "\(app.name)-\($0.id.prefix(6))", $0.state, $0.region, $0.image, $0.processGroup,
       "\(size($0)):\($0.memoryMb)MB"]
    }
    return table(["ID", "NAME", "STATE", "REGION", "IMAGE", "PROCESS GROUP", "SIZE"], rows)
  }

  static func size(_ machine: FakeFlyState.Machine) -> String {
    machine.cpuKind == "performance" ? "performance-\(machine.cpus)x" : "shared-cpu-\(machine.cpus)x"
  }

  static func volumeList(_ app: FakeFlyState.App, json: Bool) -> String {
    if json {
      return pretty(.array(app.volumes.map { volume in
        .object([
          ("id", .string(volume.id)), ("name", .string(volume.name)), ("state", .string("created")),
          ("size_gb", .int(volume.sizeGb)), ("region", .string(volume.region)), ("zone", .string("a1b2")),
          ("encrypted", .bool(true)), ("attached_machine_id", .string(volume.attachedMachineId)),
          ("attached_alloc_id", .null), ("created_at", .string(timestamp)), ("host_dedication_id", .string("")),
          ("snapshot_retention", .int(5)), ("auto_backup_enabled", .bool(true)),
        ])
      }))
    }
    let rows = app.volumes.map { [$0.id, "created", $0.name, "\($0.sizeGb)GB", $0.region, $0.attachedMachineId ?? ""] }
    return table(["ID", "STATE", "NAME", "SIZE", "REGION", "ATTACHED VM"], rows)
  }

  static func secretList(_ app: FakeFlyState.App, json: Bool) -> String {
    if json {
      return pretty(.array(app.secrets.map {
        .object([("name", .string($0.name)), ("digest", .string(digest($0.value))), ("status", .string("Deployed"))])
      }))
    }
    return table(["NAME", "DIGEST", "STATUS"], app.secrets.map { [$0.name, digest($0.value), "Deployed"] })
  }

  /// A stable 16-hex-digit fingerprint of a value (FNV-1a), never the value itself.
  static func digest(_ value: String) -> String {
    FNV1a.hex(value)
  }

  static func scaleShow(_ app: FakeFlyState.App, json: Bool) -> String {
    let groups = Dictionary(grouping: app.machines.filter { $0.state != "destroyed" }, by: \.processGroup)
    let names = groups.keys.sorted()
    if json {
      return pretty(.array(names.compactMap { name in
        guard let machines = groups[name], let first = machines.first else { return nil }
        var regions: [(key: String, value: JSONValue)] = []
        for machine in machines {
          let count = (regions.first { $0.key == machine.region }?.value.intValue ?? 0) + 1
          regions.removeAll { $0.key == machine.region }
          regions.append((machine.region, .int(count)))
        }
        return .object([
          ("Process", .string(name)), ("Count", .int(machines.count)), ("CPUKind", .string(first.cpuKind)),
          ("CPUs", .int(first.cpus)), ("Memory", .int(first.memoryMb)), ("Regions", .object(regions)),
        ])
      }))
    }
    let rows = names.compactMap { name -> [String]? in
      guard let machines = groups[name], let first = machines.first else { return nil }
      return [name, "\(machines.count)", first.cpuKind, "\(first.cpus)", "\(first.memoryMb) MB",
              Set(machines.map(\.region)).sorted().joined(separator: ",")]
    }
    return "VM Resources for app: \(app.name)\n\nGroups\n"
      + table(["NAME", "COUNT", "KIND", "CPUS", "MEMORY", "REGIONS"], rows)
  }

  static func ipList(_ app: FakeFlyState.App, json: Bool) -> String {
    if json {
      return pretty(.array(app.ips.map {
        .object([
          ("ID", .string("ip_\(digest($0.address).prefix(8))")), ("Address", .string($0.address)),
          ("Type", .string($0.type)), ("Region", .string("global")), ("CreatedAt", .string(timestamp)),
          ("ServiceName", .string("")), ("Network", .null),
        ])
      }))
    }
    return table(["VERSION", "IP", "TYPE", "REGION", "CREATED AT"], app.ips.map { [$0.type, $0.address, "public", "global", timestamp] })
  }

  static func postgresUsers(_ users: [String], json: Bool) -> String {
    if json {
      return pretty(.array(users.map {
        .object([("Username", .string($0)), ("Superuser", .bool(true)), ("Databases", .strings([$0]))])
      }))
    }
    return table(["USER", "SUPERUSER", "DATABASES"], users.map { [$0, "true", $0] })
  }

  /// The variables Fly sets inside a Machine, before the app's own.
  static func runtimeEnvironment(app: FakeFlyState.App, machine: FakeFlyState.Machine) -> [(name: String, value: String)] {
    [
      ("FLY_APP_NAME", app.name), ("FLY_MACHINE_ID", machine.id), ("FLY_REGION", machine.region),
      ("FLY_PROCESS_GROUP", machine.processGroup), ("FLY_VM_MEMORY_MB", "\(machine.memoryMb)"),
      ("PRIMARY_REGION", machine.region), ("FLY_IMAGE_REF", machine.image),
    ] + machine.env
  }
}

extension String {
  fileprivate func trimmingTrailingSpaces() -> String {
    var result = self
    while result.last == " " || result.last == "\t" { result.removeLast() }
    return result
  }
}
