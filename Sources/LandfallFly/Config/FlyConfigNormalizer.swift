public import LandfallModel

/// Rewrites every legacy and alternate fly.toml shape into the one current shape, as flyctl's
/// patch step does before it decodes the file.
///
/// Works on the generic tree so that the decoder only ever sees one spelling per section.
public enum FlyConfigNormalizer {
  /// The normalised tree; keys that are unknown pass through untouched (they are ignored later).
  public static func normalize(_ raw: JSONValue) -> JSONValue {
    guard case .object = raw else { return raw }
    var config = raw
    config = mergeEnv(config)
    config = normalizeProcesses(config)
    config = mergeAliases(config, into: "mounts", from: ["mount", "mounts"])
    config = mergeAliases(config, into: "vm", from: ["compute", "computes", "vm"])
    config = mergeAliases(config, into: "metrics", from: ["metric", "metrics"])
    config = mergeAliases(config, into: "services", from: ["services"])
    if let services = config["services"]?.arrayValue {
      config = config.setting("services", to: .array(services.map(normalizeService)))
    }
    if let http = config["http_service"], case .object = http {
      config = config.setting("http_service", to: normalizeServiceCommon(http))
    }
    config = normalizeChecks(config)
    if let build = config["build"], let target = build["build_target"], build["build-target"] == nil {
      config = config.setting("build", to: build.setting("build-target", to: target))
    }
    if let timeout = config["kill_timeout"]?.intValue {
      config = config.setting("kill_timeout", to: .string("\(timeout)s"))
    }
    return config
  }

  private static func mergeEnv(_ config: JSONValue) -> JSONValue {
    guard let env = config["env"] else { return config }
    var merged: [(key: String, value: JSONValue)] = []
    var lastIndex: [String: Int] = [:]
    let tables = env.arrayValue ?? [env]
    for table in tables {
      for pair in table.objectValue ?? [] {
        lastIndex[pair.key] = merged.count
        merged.append((pair.key, .string(stringified(pair.value))))
      }
    }
    let kept = merged.enumerated().filter { lastIndex[$0.element.key] == $0.offset }.map(\.element)
    return config.setting("env", to: .object(kept))
  }

  private static func normalizeProcesses(_ config: JSONValue) -> JSONValue {
    guard let processes = config["processes"], let list = processes.arrayValue else { return config }
    let pairs: [(key: String, value: JSONValue)] = list.compactMap { entry in
      guard let name = entry["name"]?.stringValue else { return nil }
      return (name, .string(entry["command"]?.stringValue ?? ""))
    }
    return config.setting("processes", to: .object(pairs))
  }

  private static func mergeAliases(_ config: JSONValue, into key: String, from aliases: [String]) -> JSONValue {
    var items: [JSONValue] = []
    var seen = false
    for alias in aliases {
      guard let value = config[alias] else { continue }
      seen = true
      switch value {
      case .array(let elements): items.append(contentsOf: elements)
      case .object: items.append(value)
      default: continue
      }
    }
    guard seen else { return config }
    let pairs = (config.objectValue ?? []).filter { !aliases.contains($0.key) || $0.key == key }
    return JSONValue.object(pairs).setting(key, to: .array(items))
  }

  private static func normalizeService(_ service: JSONValue) -> JSONValue {
    var result = normalizeServiceCommon(service)
    if let ports = service["ports"] {
      let list = ports.arrayValue ?? [ports]
      result = result.setting("ports", to: .array(list.map(normalizePort)))
    }
    if let concurrency = service["concurrency"]?.stringValue {
      let parts = concurrency.split(separator: ",").map { lenientInt(.string(String($0))) }
      var table: [(key: String, value: JSONValue)] = [("type", .string("requests"))]
      if parts.count > 0, let soft = parts[0] { table.append(("soft_limit", .int(soft))) }
      if parts.count > 1, let hard = parts[1] { table.append(("hard_limit", .int(hard))) }
      result = result.setting("concurrency", to: .object(table))
    }
    for key in ["tcp_checks", "http_checks"] {
      if let checks = service[key] {
        let list = (checks.arrayValue ?? [checks]).map(normalizeCheckDurations)
        result = result.setting(key, to: .array(list))
      }
    }
    return result
  }

  private static func normalizeServiceCommon(_ service: JSONValue) -> JSONValue {
    var result = service
    if let port = service["internal_port"], let number = lenientInt(port) {
      result = result.setting("internal_port", to: .int(number))
    }
    if let autoStop = service["auto_stop_machines"]?.boolValue {
      result = result.setting("auto_stop_machines", to: .string(autoStop ? "stop" : "off"))
    }
    if let checks = service["checks"], let list = checks.arrayValue {
      result = result.setting("checks", to: .array(list.map(normalizeCheckDurations)))
    }
    return result
  }

  private static func normalizePort(_ port: JSONValue) -> JSONValue {
    var result = port
    for key in ["port", "start_port", "end_port"] {
      if let value = port[key], let number = lenientInt(value) {
        result = result.setting(key, to: .int(number))
      }
    }
    return result
  }

  private static func normalizeChecks(_ config: JSONValue) -> JSONValue {
    guard let checks = config["checks"] else { return config }
    if let list = checks.arrayValue {
      let pairs: [(key: String, value: JSONValue)] = list.enumerated().map { index, check in
        (check["name"]?.stringValue ?? "check\(index + 1)", normalizeCheckDurations(check))
      }
      return config.setting("checks", to: .object(pairs))
    }
    let pairs = (checks.objectValue ?? []).map { (key: $0.key, value: normalizeCheckDurations($0.value)) }
    return config.setting("checks", to: .object(pairs))
  }

  private static func normalizeCheckDurations(_ check: JSONValue) -> JSONValue {
    var result = check
    for key in ["interval", "timeout", "grace_period"] {
      guard let value = check[key] else { continue }
      if let millis = value.intValue {
        result = result.setting(key, to: .string("\(millis)ms"))
      } else if value.stringValue == "" {
        result = .object((result.objectValue ?? []).filter { $0.key != key })
      }
    }
    return result
  }

  /// An integer from a TOML integer, a float with no fraction, or a numeric string such as
  /// `"8080"` or `"8_080"`.
  public static func lenientInt(_ value: JSONValue) -> Int? {
    if let number = value.intValue { return number }
    guard let text = value.stringValue else { return nil }
    let cleaned = text.trimmingCharacters(in: " \t").replacingUnderscores()
    return Int(cleaned)
  }

  /// The text of a scalar as flyctl stringifies `[env]` values.
  static func stringified(_ value: JSONValue) -> String {
    switch value {
    case .string(let s): return s
    case .int(let i): return String(i)
    case .double(let d): return d.rounded() == d && abs(d) < 1e15 ? String(Int(d)) : String(d)
    case .bool(let b): return b ? "true" : "false"
    case .null: return ""
    case .array, .object: return JSONWriter.string(value)
    }
  }
}

extension Substring {
  fileprivate func replacingUnderscores() -> String {
    String(self.filter { $0 != "_" })
  }
}
