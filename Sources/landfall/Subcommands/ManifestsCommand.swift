import ArgumentParser
import Foundation
import LandfallCore
import LandfallFly
import LandfallModel
import LandfallTools
import LandfallTransport

struct ManifestsCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "manifests",
    abstract: "Write the app's Kubernetes YAML (one file per object kind); secret values are never written.")

  @Option(help: "The app's directory (where fly.toml lives).") var appDir: String = "."
  @Option(help: "The folder to write the YAML files into (created if missing).") var out: String
  @Option(help: "The image reference the cluster pulls (default: [build] image, else APP:latest).") var image: String?
  @Option(help: "The domain the Ingress answers for (default: any).") var host: String?
  @Option(help: "The Fly app name, when fly.toml has none or names another.") var flyApp: String?
  @Flag(help: "Pods pull with the Secret APP-registry, for an image in a private registry (kube_apply makes it from the vault).")
  var pullSecret = false

  func run() async throws {
    let settings = FlyToolSettings(app: flyApp, appDirectory: appDir, flyctl: LiveWiring().flyctl, files: LocalFileSource())
    let blueprint: AppBlueprint
    do {
      blueprint = try await AppBlueprint.load(settings, requestedTarget: .kubernetes)
    } catch {
      throw LandfallFailure.usage(error.message)
    }
    let manifests = KubernetesManifests(blueprint: blueprint, image: image, host: host, pullsWithSecret: pullSecret)
    do {
      try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
      for file in manifests.yamlFiles {
        try file.text.write(toFile: Path.join(out, file.name), atomically: true, encoding: .utf8)
        print(Path.join(out, file.name))
      }
    } catch {
      throw LandfallFailure.failed("cannot write into \(out): \(error.localizedDescription)")
    }
  }
}
