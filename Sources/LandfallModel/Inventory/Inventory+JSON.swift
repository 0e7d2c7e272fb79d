extension Inventory {
  /// The contract JSON of `landfall inventory --json`, fields in the documented order.
  /// `databaseReason` and `dataOnRootFilesystem` appear only for a database app, before `shape`.
  public var json: JSONValue {
    var pairs: [(key: String, value: JSONValue)] = [
      ("schemaVersion", .int(Self.schemaVersion)),
      ("app", .string(app)),
      ("configPath", .string(configPath)),
      ("primaryRegion", .string(primaryRegion)),
      ("regions", .strings(regions)),
      ("image", .string(image)),
      ("dockerfile", .string(dockerfile)),
      ("processGroups", .array(processGroups.map {
        .object([("name", .string($0.name)), ("command", .string($0.command))])
      })),
      ("services", .array(services.map(\.json))),
      ("mounts", .array(mounts.map {
        .object([
          ("source", .string($0.source)), ("destination", .string($0.destination)),
          ("processes", .strings($0.processes)),
        ])
      })),
      ("releaseCommand", .string(releaseCommand)),
      ("vm", .array(vm.map {
        .object([
          ("processes", .strings($0.processes)), ("size", .string($0.size)),
          ("cpus", .int($0.cpus)), ("memoryMb", .int($0.memoryMb)),
        ])
      })),
      ("envNames", .strings(envNames)),
      ("secretNames", .strings(secretNames)),
      ("volumes", .array(volumes.map {
        .object([("name", .string($0.name)), ("sizeGb", .int($0.sizeGb)), ("region", .string($0.region))])
      })),
      ("postgres", .object([("attached", .bool(postgres.attached)), ("evidence", .strings(postgres.evidence))])),
      ("dockerfileInfo", dockerfileInfo.map(\.json) ?? .null),
    ]
    if let databaseReason { pairs.append(("databaseReason", .string(databaseReason))) }
    if dataOnRootFilesystem { pairs.append(("dataOnRootFilesystem", .bool(true))) }
    return .object(
      pairs + [
        ("shape", .string(shape.rawValue)),
        ("target", .string(target.rawValue)),
        ("runtime", .string(runtime.rawValue)),
        ("warnings", .strings(warnings)),
      ])
  }
}

extension Inventory.Service {
  var json: JSONValue {
    .object([
      ("processes", .strings(processes)),
      ("internalPort", .int(internalPort)),
      ("protocol", .string(self.protocol)),
      ("ports", .array(ports.map { port in
        var pairs: [(key: String, value: JSONValue)] = [("port", .int(port.port))]
        if let end = port.endPort { pairs.append(("endPort", .int(end))) }
        pairs.append(("handlers", .strings(port.handlers)))
        return .object(pairs)
      })),
    ])
  }
}

extension Inventory.DockerfileInfo {
  var json: JSONValue {
    .object([
      ("expose", .array(expose.map(JSONValue.int))),
      ("cmd", cmd.map(JSONValue.strings) ?? .null),
      ("entrypoint", entrypoint.map(JSONValue.strings) ?? .null),
      ("stages", .int(stages)),
    ])
  }
}
