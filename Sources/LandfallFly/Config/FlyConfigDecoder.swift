public import LandfallModel

/// Decodes a normalised fly.toml tree into a `FlyConfig`, ignoring unknown keys and turning
/// values of the wrong type into warnings rather than failures.
public struct FlyConfigDecoder {
  private var warnings: [String] = []

  private init() {}

  /// The config and the warnings met while decoding it.
  public static func decode(_ normalized: JSONValue) -> (config: FlyConfig, warnings: [String]) {
    var decoder = FlyConfigDecoder()
    let config = decoder.decodeConfig(normalized)
    return (config, decoder.warnings)
  }

  private mutating func decodeConfig(_ tree: JSONValue) -> FlyConfig {
    var config = FlyConfig()
    config.app = string(tree["app"], at: "app")
    config.primaryRegion = string(tree["primary_region"], at: "primary_region")
    config.killSignal = string(tree["kill_signal"], at: "kill_signal")
    config.killTimeout = string(tree["kill_timeout"], at: "kill_timeout")
    config.swapSizeMb = tree["swap_size_mb"].flatMap(FlyConfigNormalizer.lenientInt)
    if let build = tree["build"] {
      config.build = FlyConfig.Build(
        image: string(build["image"], at: "build.image"),
        dockerfile: string(build["dockerfile"], at: "build.dockerfile"),
        buildTarget: string(build["build-target"], at: "build.build-target"))
    }
    config.processes = (tree["processes"]?.objectValue ?? []).map { pair in
      ProcessDefinition(name: pair.key, command: commandText(pair.value, at: "processes.\(pair.key)") ?? "")
    }
    config.env = (tree["env"]?.objectValue ?? []).map {
      EnvironmentVariable(name: $0.key, value: $0.value.stringValue ?? "")
    }
    if let http = tree["http_service"], case .object = http {
      config.httpService = httpService(http)
    }
    config.services = (tree["services"]?.arrayValue ?? []).enumerated().map { index, entry in
      service(entry, at: "services[\(index)]")
    }
    config.mounts = (tree["mounts"]?.arrayValue ?? []).enumerated().compactMap { index, entry in
      mount(entry, at: "mounts[\(index)]")
    }
    config.vm = (tree["vm"]?.arrayValue ?? []).enumerated().map { index, entry in
      vm(entry, at: "vm[\(index)]")
    }
    if let deploy = tree["deploy"] {
      config.releaseCommand = string(deploy["release_command"], at: "deploy.release_command")
        .flatMap { $0.isEmpty ? nil : $0 }
    }
    if let experimental = tree["experimental"] {
      config.experimental = FlyConfig.Experimental(
        cmd: words(experimental["cmd"], at: "experimental.cmd"),
        entrypoint: words(experimental["entrypoint"], at: "experimental.entrypoint"),
        exec: words(experimental["exec"], at: "experimental.exec"))
    }
    config.checks = (tree["checks"]?.objectValue ?? []).map { pair in
      check(pair.value, name: pair.key, type: pair.value["type"]?.stringValue,
        processes: groups(pair.value["processes"], at: "checks.\(pair.key).processes"))
    }
    return config
  }

  private func check(_ entry: JSONValue, name: String, type: String?, processes: [String]?) -> CheckDefinition {
    var check = CheckDefinition(
      name: name, type: type, port: entry["port"].flatMap(FlyConfigNormalizer.lenientInt), path: entry["path"]?.stringValue,
      processes: processes)
    check.interval = entry["interval"]?.stringValue
    check.timeout = entry["timeout"]?.stringValue
    check.gracePeriod = entry["grace_period"]?.stringValue
    return check
  }

  private func serviceChecks(_ entry: JSONValue, at location: String) -> [CheckDefinition] {
    let kinds: [(key: String, type: String?)] = [("checks", nil), ("http_checks", "http"), ("tcp_checks", "tcp")]
    return kinds.flatMap { kind in
      (entry[kind.key]?.arrayValue ?? []).enumerated().map { index, item in
        let type = kind.type ?? item["type"]?.stringValue ?? (item["path"] == nil ? "tcp" : "http")
        return check(item, name: "\(location).\(kind.key)[\(index)]", type: type, processes: nil)
      }
    }
  }

  private mutating func httpService(_ entry: JSONValue) -> ServiceDefinition {
    var service = plainHTTPService(entry)
    service.checks = serviceChecks(entry, at: "http_service")
    return service
  }

  private mutating func plainHTTPService(_ entry: JSONValue) -> ServiceDefinition {
    let port = internalPort(entry, at: "http_service")
    let forceHTTPS = entry["force_https"]?.boolValue ?? false
    return ServiceDefinition(
      processes: groups(entry["processes"], at: "http_service.processes"),
      internalPort: port, protocol: "tcp",
      ports: [Inventory.Port(port: 80, handlers: ["http"]), Inventory.Port(port: 443, handlers: ["tls", "http"])],
      forceHTTPS: forceHTTPS, autoStopMachines: entry["auto_stop_machines"]?.stringValue,
      minMachinesRunning: entry["min_machines_running"].flatMap(FlyConfigNormalizer.lenientInt),
      httpCheckPaths: checkPaths(entry["checks"]))
  }

  private func checkPaths(_ checks: JSONValue?) -> [String] {
    guard let checks else { return [] }
    return (checks.arrayValue ?? [checks]).compactMap { $0["path"]?.stringValue }
  }

  private mutating func service(_ entry: JSONValue, at location: String) -> ServiceDefinition {
    let ports = (entry["ports"]?.arrayValue ?? []).enumerated().compactMap { index, port in
      self.port(port, at: "\(location).ports[\(index)]")
    }
    let proto = (entry["protocol"]?.stringValue ?? "tcp").lowercased()
    var service = ServiceDefinition(
      processes: groups(entry["processes"], at: "\(location).processes"),
      internalPort: internalPort(entry, at: location), protocol: proto, ports: ports,
      forceHTTPS: ports.isEmpty ? false : (entry["force_https"]?.boolValue ?? false),
      autoStopMachines: entry["auto_stop_machines"]?.stringValue,
      minMachinesRunning: entry["min_machines_running"].flatMap(FlyConfigNormalizer.lenientInt),
      httpCheckPaths: checkPaths(entry["http_checks"]))
    service.checks = serviceChecks(entry, at: location)
    return service
  }

  private mutating func internalPort(_ entry: JSONValue, at location: String) -> Int? {
    guard let raw = entry["internal_port"] else {
      warnings.append("\(location): no internal_port; the port the app listens on is unknown")
      return nil
    }
    guard let port = FlyConfigNormalizer.lenientInt(raw), (1...65535).contains(port) else {
      warnings.append("\(location).internal_port: \(JSONWriter.string(raw)) is not a port number")
      return nil
    }
    return port
  }

  private mutating func port(_ entry: JSONValue, at location: String) -> Inventory.Port? {
    let handlers = (entry["handlers"]?.arrayValue ?? []).compactMap(\.stringValue)
    if let port = entry["port"].flatMap(FlyConfigNormalizer.lenientInt) {
      return Inventory.Port(port: port, handlers: handlers)
    }
    if let start = entry["start_port"].flatMap(FlyConfigNormalizer.lenientInt),
      let end = entry["end_port"].flatMap(FlyConfigNormalizer.lenientInt)
    {
      return Inventory.Port(port: start, endPort: end, handlers: handlers)
    }
    warnings.append("\(location): no usable port or start_port/end_port; skipped")
    return nil
  }

  private mutating func mount(_ entry: JSONValue, at location: String) -> MountDefinition? {
    guard let source = entry["source"]?.stringValue, let destination = entry["destination"]?.stringValue else {
      warnings.append("\(location): a mount needs both source and destination; skipped")
      return nil
    }
    var sizeGb: Int?
    if let size = entry["initial_size"] {
      if let gb = size.intValue {
        sizeGb = gb
      } else if let text = size.stringValue, let mb = MachinePresets.megabytes(from: text) {
        sizeGb = text.allSatisfy(\.isNumber) ? mb : Int((Double(mb) / 1024).rounded(.up))
      }
    }
    return MountDefinition(
      source: source, destination: destination,
      processes: groups(entry["processes"], at: "\(location).processes"), initialSizeGb: sizeGb)
  }

  private mutating func vm(_ entry: JSONValue, at location: String) -> VMDefinition {
    var memoryMb: Int?
    if let memory = entry["memory"] {
      if let mb = memory.intValue {
        memoryMb = mb
      } else if let text = memory.stringValue {
        memoryMb = MachinePresets.megabytes(from: text)
        if memoryMb == nil { warnings.append("\(location).memory: \"\(text)\" is not a memory size") }
      }
    }
    if let explicit = entry["memory_mb"].flatMap(FlyConfigNormalizer.lenientInt) { memoryMb = explicit }
    return VMDefinition(
      processes: groups(entry["processes"], at: "\(location).processes"),
      size: entry["size"]?.stringValue, cpus: entry["cpus"].flatMap(FlyConfigNormalizer.lenientInt),
      cpuKind: entry["cpu_kind"]?.stringValue, memoryMb: memoryMb,
      persistRootfs: string(entry["persist_rootfs"], at: "\(location).persist_rootfs"))
  }

  private mutating func string(_ value: JSONValue?, at location: String) -> String? {
    guard let value, !value.isNull else { return nil }
    if let text = value.stringValue { return text }
    warnings.append("\(location): expected a string, got \(JSONWriter.string(value)); ignored")
    return nil
  }

  private mutating func groups(_ value: JSONValue?, at location: String) -> [String]? {
    guard let value else { return nil }
    if let name = value.stringValue { return [name] }
    guard let list = value.arrayValue else {
      warnings.append("\(location): expected a list of process group names; ignored")
      return nil
    }
    return list.compactMap(\.stringValue)
  }

  private mutating func commandText(_ value: JSONValue, at location: String) -> String? {
    if let text = value.stringValue { return text }
    if let list = value.arrayValue { return ShellWords.join(list.compactMap(\.stringValue)) }
    warnings.append("\(location): expected a command string; ignored")
    return nil
  }

  private mutating func words(_ value: JSONValue?, at location: String) -> [String]? {
    guard let value else { return nil }
    if let list = value.arrayValue { return list.compactMap(\.stringValue) }
    if let text = value.stringValue { return ShellWords.split(text) }
    warnings.append("\(location): expected a string or a list of strings; ignored")
    return nil
  }
}
