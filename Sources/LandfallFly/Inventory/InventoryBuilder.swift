public import LandfallCore
public import LandfallModel

/// Phase 1 without a model: reads fly.toml and the Dockerfile, asks flyctl, and says what must
/// move and where it should land.
public struct InventoryBuilder: Sendable {
  private let files: any FileSource
  private let survey: FlyAppSurvey?

  /// A builder reading files through `files`; `survey` is `nil` when flyctl is not to be asked.
  public init(files: any FileSource, survey: FlyAppSurvey?) {
    self.files = files
    self.survey = survey
  }

  /// The inventory of the app in `appDirectory`.
  ///
  /// Throws only when no config can be read; everything else becomes a warning. `requestedTarget`
  /// is where the person asked the app to land; `nil` lets the inventory decide.
  public func build(
    appDirectory: String, configOverride: String? = nil, flyApp: String? = nil, requestedTarget: LandingTarget? = nil
  ) async throws(FlyConfigError) -> Inventory {
    let loaded = try FlyConfigLoader(files: files).load(appDirectory: appDirectory, configOverride: configOverride)
    let config = loaded.config
    var warnings = loaded.warnings
    var inventory = Inventory(
      app: flyApp ?? config.app, configPath: Path.relative(loaded.path, to: appDirectory),
      primaryRegion: config.primaryRegion, image: config.build.image,
      releaseCommand: config.releaseCommand, envNames: config.env.map(\.name))

    inventory.processGroups = InventoryRules.processGroups(config)
    inventory.services = InventoryRules.services(config, warnings: &warnings)
    inventory.mounts = InventoryRules.mounts(config, warnings: &warnings)
    inventory.vm = InventoryRules.vmSizes(config, warnings: &warnings)

    let dockerfile = readDockerfile(config: config, configPath: loaded.path, appDirectory: appDirectory)
    inventory.dockerfile = dockerfile.path
    warnings += dockerfile.warnings
    if let parsed = dockerfile.parsed, let stage = parsed.finalStage(target: config.build.buildTarget) {
      inventory.dockerfileInfo = Inventory.DockerfileInfo(
        expose: stage.expose, cmd: stage.cmd, entrypoint: stage.entrypoint, stages: parsed.stages.count)
      warnings += InventoryRules.startCommandWarnings(inventory, stage: stage, config: config)
    }

    var evidence: [String] = []
    var imageLabels: [String: String] = [:]
    if let app = inventory.app, let survey {
      let facts = await survey.facts(app: app)
      inventory.regions = facts.regions ?? []
      inventory.machines = facts.machines ?? []
      inventory.volumes = facts.volumes ?? []
      inventory.secretNames = facts.secretNames ?? []
      if inventory.vm.isEmpty, let sizes = facts.groupSizes { inventory.vm = sizes }
      evidence += facts.postgresEvidence
      imageLabels = facts.imageLabels
      warnings += facts.warnings
    } else if inventory.app == nil, survey != nil {
      warnings.append(
        "the config has no app name and none was given (--fly-app); flyctl was not asked for secrets, volumes or regions")
    }
    if inventory.regions.isEmpty, let primary = config.primaryRegion { inventory.regions = [primary] }
    if config.env.contains(where: { FlyAppSurvey.looksLikeDatabaseSecret($0.name) }) {
      evidence += config.env.filter { FlyAppSurvey.looksLikeDatabaseSecret($0.name) }.map {
        "[env] \($0.name) in fly.toml"
      }
    }
    let database = DatabaseAppRules.findings(config, imageLabels: imageLabels)
    evidence += database.evidence
    warnings += database.warnings
    inventory.databaseReason = database.clusterReason
    inventory.dataOnRootFilesystem = database.dataOnRootFilesystem
    inventory.postgres = Inventory.Postgres(attached: !evidence.isEmpty, evidence: evidence)
    inventory.warnings = warnings
    inventory.kubernetesReason = InventoryRules.kubernetesReason(inventory, requested: requestedTarget)
    return inventory
  }

  private struct DockerfileReading {
    var path: String?
    var parsed: Dockerfile?
    var warnings: [String] = []
  }

  private func readDockerfile(config: FlyConfig, configPath: String, appDirectory: String) -> DockerfileReading {
    var reading = DockerfileReading()
    let candidates: [String]
    if let declared = config.build.dockerfile {
      if declared.hasPrefix("http://") || declared.hasPrefix("https://") {
        reading.warnings.append("[build] dockerfile is a URL (\(declared)); it was not fetched")
        return reading
      }
      candidates = [Path.join(Path.directory(of: configPath), declared)]
    } else if config.build.image != nil {
      return reading
    } else {
      candidates = ["Dockerfile", "dockerfile"].map { Path.join(appDirectory, $0) }
    }
    guard let found = candidates.first(where: { files.kind(at: $0) == .file }) else {
      let looked = candidates.map { Path.relative($0, to: appDirectory) }.joined(separator: " or ")
      reading.warnings.append(
        "no Dockerfile at \(looked) and no [build] image: nothing says how the app's image is built")
      return reading
    }
    do {
      let text = try files.text(at: found)
      let relative = Path.relative(found, to: appDirectory)
      let parsed = DockerfileParser.parse(text, path: relative)
      reading.path = relative
      reading.parsed = parsed
      reading.warnings = parsed.warnings
      if parsed.stages.isEmpty { reading.warnings.append("\(relative) has no FROM instruction") }
    } catch {
      reading.warnings.append("Dockerfile could not be read: \(error.description)")
    }
    return reading
  }
}
