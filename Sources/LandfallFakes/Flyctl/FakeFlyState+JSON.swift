public import LandfallModel

/// Why a fake flyctl state file could not be used.
public struct FakeFlyStateError: Error, Sendable, Equatable, CustomStringConvertible {
  public var message: String
  public var description: String { "fake flyctl state: \(message)" }
}

extension FakeFlyState {
  /// Reads a state from its JSON form; missing optional fields take their documented defaults.
  public init(json: JSONValue) throws(FakeFlyStateError) {
    guard case .object = json else { throw FakeFlyStateError(message: "the top level must be an object") }
    loggedIn = json["loggedIn"]?.boolValue ?? true
    user = json["user"]?.stringValue ?? "owner@example.test"
    var apps: [App] = []
    for (index, entry) in (json["apps"]?.arrayValue ?? []).enumerated() {
      apps.append(try App(json: entry, at: "apps[\(index)]"))
    }
    self.apps = apps
  }

  /// The JSON form, readable by `init(json:)`.
  public var json: JSONValue {
    .object([
      ("loggedIn", .bool(loggedIn)), ("user", .string(user)),
      ("apps", .array(apps.map(\.json))),
    ])
  }
}

extension FakeFlyState.App {
  init(json: JSONValue, at location: String) throws(FakeFlyStateError) {
    guard let name = json["name"]?.stringValue else {
      throw FakeFlyStateError(message: "\(location) needs a \"name\"")
    }
    self.name = name
    organization = json["organization"]?.stringValue ?? "personal"
    status = json["status"]?.stringValue ?? "deployed"
    postgres = json["postgres"]?.boolValue ?? false
    var machines: [FakeFlyState.Machine] = []
    for (index, entry) in (json["machines"]?.arrayValue ?? []).enumerated() {
      machines.append(try FakeFlyState.Machine(json: entry, at: "\(location).machines[\(index)]", app: name))
    }
    self.machines = machines
    volumes = (json["volumes"]?.arrayValue ?? []).enumerated().map { index, entry in
      FakeFlyState.Volume(
        id: entry["id"]?.stringValue ?? "vol_\(name)\(index)", name: entry["name"]?.stringValue ?? "data",
        sizeGb: entry["sizeGb"]?.intValue ?? 1, region: entry["region"]?.stringValue ?? "iad",
        attachedMachineId: entry["attachedMachineId"]?.stringValue)
    }
    secrets = (json["secrets"]?.objectValue ?? []).map { ($0.key, $0.value.stringValue ?? "") }
    ips = (json["ips"]?.arrayValue ?? []).compactMap { entry in
      entry["address"]?.stringValue.map {
        FakeFlyState.IPAddress(address: $0, type: entry["type"]?.stringValue ?? "v4")
      }
    }
    postgresUsers = (json["postgresUsers"]?.arrayValue ?? []).compactMap(\.stringValue)
    proxyTarget = json["proxyTarget"]?.stringValue
    proxyDropAfterBytes = json["proxyDropAfterBytes"]?.intValue
  }

  var json: JSONValue {
    var fields = fieldsWithoutProxy
    if let proxyTarget { fields.append((key: "proxyTarget", value: .string(proxyTarget))) }
    if let proxyDropAfterBytes { fields.append((key: "proxyDropAfterBytes", value: .int(proxyDropAfterBytes))) }
    return .object(fields)
  }

  private var fieldsWithoutProxy: [(key: String, value: JSONValue)] {
    [
      ("name", .string(name)), ("organization", .string(organization)), ("status", .string(status)),
      ("postgres", .bool(postgres)), ("machines", .array(machines.map(\.json))),
      ("volumes", .array(volumes.map { volume in
        .object([
          ("id", .string(volume.id)), ("name", .string(volume.name)), ("sizeGb", .int(volume.sizeGb)),
          ("region", .string(volume.region)), ("attachedMachineId", .string(volume.attachedMachineId)),
        ])
      })),
      ("secrets", .object(secrets.map { (key: $0.name, value: JSONValue.string($0.value)) })),
      ("ips", .array(ips.map { .object([("address", .string($0.address)), ("type", .string($0.type))]) })),
      ("postgresUsers", .strings(postgresUsers)),
    ]
  }
}

extension FakeFlyState.Machine {
  init(json: JSONValue, at location: String, app: String) throws(FakeFlyStateError) {
    guard let id = json["id"]?.stringValue else { throw FakeFlyStateError(message: "\(location) needs an \"id\"") }
    self.id = id
    region = json["region"]?.stringValue ?? "iad"
    state = json["state"]?.stringValue ?? "started"
    processGroup = json["processGroup"]?.stringValue ?? "app"
    cpuKind = json["cpuKind"]?.stringValue ?? "shared"
    cpus = json["cpus"]?.intValue ?? 1
    memoryMb = json["memoryMb"]?.intValue ?? 256
    image = json["image"]?.stringValue ?? "registry.fly.io/\(app):deployment-1"
    env = (json["env"]?.objectValue ?? []).map { ($0.key, $0.value.stringValue ?? "") }
    autostart = json["autostart"]?.boolValue ?? true
    imageLabels = (json["imageLabels"]?.objectValue ?? []).map { ($0.key, $0.value.stringValue ?? "") }
    metadata = (json["metadata"]?.objectValue ?? []).map { ($0.key, $0.value.stringValue ?? "") }
    mountPath = json["mountPath"]?.stringValue ?? "/data"
  }

  var json: JSONValue {
    var pairs: [(key: String, value: JSONValue)] = [
      ("id", .string(id)), ("region", .string(region)), ("state", .string(state)),
      ("processGroup", .string(processGroup)), ("cpuKind", .string(cpuKind)), ("cpus", .int(cpus)),
      ("memoryMb", .int(memoryMb)), ("image", .string(image)),
      ("env", .object(env.map { (key: $0.name, value: JSONValue.string($0.value)) })),
      ("autostart", .bool(autostart)),
    ]
    if !imageLabels.isEmpty {
      pairs.append(("imageLabels", .object(imageLabels.map { (key: $0.name, value: JSONValue.string($0.value)) })))
    }
    if !metadata.isEmpty { pairs.append(("metadata", .object(metadata.map { (key: $0.name, value: JSONValue.string($0.value)) }))) }
    if mountPath != "/data" { pairs.append(("mountPath", .string(mountPath))) }
    return .object(pairs)
  }
}
