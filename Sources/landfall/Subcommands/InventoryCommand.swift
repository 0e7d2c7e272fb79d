import ArgumentParser
import LandfallFly
import LandfallModel
import LandfallTransport

struct InventoryCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "inventory",
    abstract: "Read a Fly app (fly.toml, Dockerfile, flyctl) and say what must move.")

  @Option(help: "The app's directory (where fly.toml lives).") var appDir: String = "."
  @Option(help: "The Fly config to read; a directory means DIR/fly.toml.") var config: String?
  @Option(help: "The Fly app name, when fly.toml has none or names another.") var flyApp: String?
  @Option(help: "Where the app should land: vm or kubernetes (default: decided from the app).") var target: String?
  @Flag(help: "Print the inventory as JSON.") var json = false
  @Flag(help: "Read the sandbox's sample app against the fake flyctl.") var sandbox = false

  func run() async throws {
    let requested: LandingTarget?
    if let target {
      guard let parsed = LandingTarget(rawValue: target), parsed != .database else {
        throw LandfallFailure.usage("--target must be vm or kubernetes, not \(target)")
      }
      requested = parsed
    } else {
      requested = nil
    }
    let wiring = LiveWiring()
    let flyctl = sandbox ? try wiring.sandboxFlyctl() : wiring.flyctl
    let directory = sandbox && appDir == "." ? try wiring.sandboxAppDirectory() : appDir
    let builder = InventoryBuilder(files: LocalFileSource(), survey: FlyAppSurvey(flyctl: flyctl))
    let inventory: Inventory
    do {
      inventory = try await builder.build(appDirectory: directory, configOverride: config, flyApp: flyApp, requestedTarget: requested)
    } catch {
      throw LandfallFailure.usage(error.description)
    }
    if json {
      print(JSONWriter.string(inventory.json, style: .pretty(indent: 2)))
    } else {
      print(InventorySummary.text(inventory), terminator: "")
    }
  }
}
