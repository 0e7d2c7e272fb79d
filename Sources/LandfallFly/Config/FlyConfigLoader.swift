public import LandfallCore
internal import LandfallModel
internal import LandfallTOML

/// A located and parsed Fly config.
public struct LoadedFlyConfig: Sendable, Equatable {
  /// The file that was read, as the caller can open it.
  public var path: String
  public var config: FlyConfig
  public var warnings: [String]
}

/// Finds the Fly config the way flyctl does and reads it.
///
/// `--config PATH` wins (a directory means `PATH/fly.toml`); otherwise `fly.toml` in the app
/// directory. `.json` files are read as JSON with the same keys.
public struct FlyConfigLoader: Sendable {
  private let files: any FileSource

  /// A loader that reads through `files`.
  public init(files: any FileSource) {
    self.files = files
  }

  /// Locates, parses, normalises and decodes the config.
  public func load(appDirectory: String, configOverride: String?) throws(FlyConfigError) -> LoadedFlyConfig {
    let path = try locate(appDirectory: appDirectory, configOverride: configOverride)
    let text: String
    do {
      let raw = try files.text(at: path)
      text = raw.hasPrefix("\u{FEFF}") ? String(raw.dropFirst()) : raw
    } catch {
      throw .unreadable(path: path, reason: error.description)
    }
    let tree = try parse(text, path: path)
    guard case .object = tree else {
      throw .unsupportedFormat(path: path, reason: "the config must be a table of settings")
    }
    let decoded = FlyConfigDecoder.decode(FlyConfigNormalizer.normalize(tree))
    return LoadedFlyConfig(path: path, config: decoded.config, warnings: decoded.warnings)
  }

  /// The path of the config file that `load` would read.
  public func locate(appDirectory: String, configOverride: String?) throws(FlyConfigError) -> String {
    if let configOverride {
      var candidate = configOverride
      if files.kind(at: candidate) == .directory { candidate = Path.join(candidate, "fly.toml") }
      guard files.kind(at: candidate) == .file else { throw .notFound(searched: [candidate], hint: nil) }
      return candidate
    }
    let candidate = Path.join(appDirectory, "fly.toml")
    if files.kind(at: candidate) == .file { return candidate }
    let others = files.names(in: appDirectory).filter {
      $0.hasPrefix("fly.") && ($0.hasSuffix(".toml") || $0.hasSuffix(".json"))
    }
    let hint = others.isEmpty ? nil : "found \(others.joined(separator: ", ")); pick one with --config"
    throw .notFound(searched: [candidate], hint: hint)
  }

  private func parse(_ text: String, path: String) throws(FlyConfigError) -> JSONValue {
    let lowered = path.lowercased()
    if lowered.hasSuffix(".yaml") || lowered.hasSuffix(".yml") {
      throw .unsupportedFormat(
        path: path, reason: "YAML configs are not read; convert it with 'fly config show --toml'")
    }
    if lowered.hasSuffix(".json") {
      do {
        return try JSONParser.parse(text)
      } catch {
        throw .invalid(error.from(path))
      }
    }
    do {
      return try TOMLDocument.parse(text)
    } catch {
      throw .invalid(error.from(path))
    }
  }
}
