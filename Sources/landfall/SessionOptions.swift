import ArgumentParser
import LandfallCore

/// Options shared by the commands that run tools (`chat`, `tools call`).
struct SessionOptions: ParsableArguments {
  @Option(help: "The app's directory (where fly.toml lives).") var appDir: String = "."
  @Option(help: "The Fly app name, when fly.toml has none or names another.") var flyApp: String?
  @Flag(help: "Use the fakes of the cloud, the VM and flyctl instead of real ones.") var sandbox = false
  @Flag(help: "Let tools change things (each change is still approved).") var allowWrites = false
  @Flag(help: "Approve routine changes without asking. Never approves a cost or a destruction.") var yes = false
  @Option(help: "Refuse anything that would bring the monthly total above this many US dollars.")
  var maxMonthlyUsd: Double?
  @Option(help: "Secret values as NAME=value lines; they enter the vault and are never shown.")
  var secretsFile: String?
  @Option(help: "Extra policy rules (default: .landfall/policy.toml in the app directory).") var policy: String?
  @Option(help: "Use an existing server, user@host[:port], instead of one from the cloud.") var host: String?
  @Option(help: "The private key for --host (default: ssh-agent).") var identity: String?
  @Option(help: "MCP servers to use (default: .mcp.json in the app directory, else ~/.config/landfall/mcp.json, else American Cloud).")
  var mcpConfig: String?
  @Option(help: "With --sandbox: keep the fake cloud's state and keys in this folder (default: a fresh folder per session under the data folder).")
  var sandboxState: String?
  @Option(help: "The transcript database (default: $LANDFALL_DB, else under $XDG_DATA_HOME/landfall).")
  var db: String?

  func validate() throws {
    if let host, SSHTarget.parse(host, identityFile: identity) == nil {
      throw ValidationError("--host must look like user@host or user@host:port")
    }
    if let cap = maxMonthlyUsd, !(cap >= 0) {
      throw ValidationError("--max-monthly-usd must be zero or more")
    }
  }
}
