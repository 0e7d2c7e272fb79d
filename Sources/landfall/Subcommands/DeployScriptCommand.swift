import ArgumentParser
import LandfallCore
import LandfallTools
import LandfallTransport

struct DeployScriptCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "deploy-script",
    abstract: "Write the deploy script that replaces `fly deploy` (deploy, rollback, status) into the app's repository.")

  @Option(help: "The app's directory (where fly.toml lives).") var appDir: String = "."
  @Option(help: "Where to write the script (default DIR/deploy.sh).") var out: String?
  @Option(help: "The path a new version must answer before it gets traffic (default: fly.toml's HTTP check).") var healthPath: String?

  func run() throws {
    var app: DeployApp
    let script: String
    do {
      app = try DeployApp.read(appDirectory: appDir, files: LocalFileSource())
      if let healthPath { app.healthPath = healthPath }
      script = try DeployScript.render(app)
    } catch {
      throw LandfallFailure.usage(error.description)
    }
    let path = out ?? Path.join(appDir, "deploy.sh")
    do {
      try LocalFileWriter().write(script, to: path, executable: true)
    } catch {
      throw LandfallFailure.failed(error.description)
    }
    print("wrote \(path)")
    print(WriteDeployScriptTool.summary(app))
  }
}
