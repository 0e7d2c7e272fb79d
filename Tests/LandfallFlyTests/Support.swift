import LandfallCore
import LandfallRigs
import LandfallFly
import LandfallTOML
import LandfallModel

/// Inventories an app held in memory: `fly.toml` plus any other files, no flyctl.
func inventory(
  _ toml: String, dockerfile: String? = "FROM scratch\nCMD [\"/app\"]\n", files: [String: String] = [:],
  survey: FlyAppSurvey? = nil, flyApp: String? = nil
) async throws -> Inventory {
  var all = files
  all["app/fly.toml"] = toml
  if let dockerfile { all["app/Dockerfile"] = dockerfile }
  let builder = InventoryBuilder(files: InMemoryFileSource(all), survey: survey)
  return try await builder.build(appDirectory: "app", flyApp: flyApp)
}

/// Decodes a fly.toml text straight to a config and its warnings.
func decode(_ toml: String) throws -> (config: FlyConfig, warnings: [String]) {
  FlyConfigDecoder.decode(FlyConfigNormalizer.normalize(try TOMLDocument.parse(toml)))
}
