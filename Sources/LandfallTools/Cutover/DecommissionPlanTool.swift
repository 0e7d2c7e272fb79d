public import LandfallCore
public import LandfallModel

/// `decommission_plan`: prints, and never runs, the flyctl commands that would retire the Fly
/// app: its Machines, volumes, IP addresses, and the attached Postgres app, with their real names.
public struct DecommissionPlanTool: Tool {
  let settings: CutoverSettings

  public var spec: ToolSpec {
    ToolSpec(
      name: "decommission_plan",
      description: "List the exact flyctl commands that would destroy the Fly app's Machines and volumes, release its IPs and destroy its Postgres app, for the person to run themselves. Nothing is run.",
      inputSchema: Schema.object([("postgresApp", Schema.string("the attached Fly Postgres app, when there is one"))]), effect: .read)
  }

  public func run(_ arguments: JSONValue, context: ToolContext) async throws(ToolFailure) -> ToolOutput {
    let app = try settings.fly.requireApp()
    let machines = try await list(["machines", "list", "-a", app, "--json"]).compactMap { $0.first("id", "ID")?.stringValue }
    let volumes = try await list(["volumes", "list", "-a", app, "--json"]).filter { $0["state"]?.stringValue != "destroyed" }
      .compactMap { $0.first("id", "ID")?.stringValue }
    let addresses = try await list(["ips", "list", "-a", app, "--json"]).compactMap { $0.first("Address", "address")?.stringValue }
    let postgres = arguments["postgresApp"]?.stringValue
    if let postgres, postgres.isEmpty || !postgres.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) {
      throw .invalidArguments("postgresApp must be a Fly app name")
    }
    var commands = machines.map { "fly machine destroy \($0) --app \(app) --force" }
    commands += volumes.map { "fly volumes destroy \($0) --app \(app) --yes" }
    commands += addresses.map { "fly ips release \($0) --app \(app)" }
    if let postgres { commands.append("fly apps destroy \(postgres) --yes") }
    var lines = [
      "Landfall does not run these. When the VM has served the domain long enough and the offline copy is safe, the person can run:",
    ]
    lines += commands.isEmpty ? ["(the Fly app \(app) has no Machines, volumes or IPs left)"] : commands.map { "  " + $0 }
    lines.append("Or, to remove the app \(app) and everything in it at once: fly apps destroy \(app) --yes")
    return ToolOutput(lines.joined(separator: "\n"))
  }

  private func list(_ arguments: [String]) async throws(ToolFailure) -> [JSONValue] {
    let output = try await settings.fly.flyctl(arguments)
    if output.trimmingCharacters(in: " \n").isEmpty { return [] }
    guard let parsed = try? JSONParser.parse(output), let items = parsed.arrayValue else {
      throw .failed("flyctl \(arguments.prefix(2).joined(separator: " ")) printed something that is not a JSON list")
    }
    return items
  }
}
