internal import LandfallModel
internal import LandfallFly
public import LandfallCore

/// A flyctl stand-in: answers the commands a migration uses with flyctl's JSON shapes, texts and
/// exit codes, reading and changing a `FakeFlyState`.
///
/// Secret values leave it only through `ssh console -C printenv`, as with the real flyctl.
public struct FakeFlyctl: Sendable {
  public private(set) var state: FakeFlyState

  /// A fake answering from `state`.
  public init(state: FakeFlyState) {
    self.state = state
  }

  /// Runs one flyctl command line (without the program name).
  public mutating func run(_ arguments: [String]) -> CommandResult {
    let line = FlyctlArguments(arguments)
    let words = line.positional
    guard let first = words.first else {
      return .success("flyctl is the command line interface for Fly.io (fake)\n")
    }
    switch first {
    case "version": return .success("flyctl v0.3.209 linux/amd64 (landfall fake)\n")
    case "auth":
      guard words.count > 1, words[1] == "whoami" else { return .unknown(words.joined(separator: " ")) }
      return withLogin { .success("\(state.user)\n") }
    default: break
    }
    return withLogin {
      switch (Self.noun(first), words.count > 1 ? Self.verb(words[1]) : "") {
      case ("apps", "list"): return appsList(line)
      case ("status", _): return withApp(line, missing: { "failed to get app: Could not find App \"\($0)\"" }) {
        FlyctlRendering.status($0, json: line.json)
      }
      case ("machine", "list"): return withApp(line, missing: { _ in "failed to list VMs: app not found" }) {
        FlyctlRendering.machineList($0, json: line.json)
      }
      case ("machine", "stop"): return machineSwitch(line, start: false)
      case ("machine", "start"): return machineSwitch(line, start: true)
      case ("machine", "run"):
        guard let name = line.app, let index = state.apps.firstIndex(where: { $0.name == name }) else {
          return .failure("failed to get app: Could not find App \"\(line.app ?? "")\"")
        }
        return FakeFlyMachineRun.run(&state.apps[index], line)
      case ("volumes", "list"): return withApp(line, missing: { _ in "failed to list volumes: app not found" }) {
        FlyctlRendering.volumeList($0, json: line.json)
      }
      case ("secrets", "list"): return withApp(line, missing: { _ in "failed to list app secrets: app not found" }) {
        FlyctlRendering.secretList($0, json: line.json)
      }
      case ("postgres", "list"): return postgresList(line)
      case ("postgres", "users"): return postgresUsers(line)
      case ("scale", "show"): return withApp(line, missing: { "failed to get app: Could not find App \"\($0)\"" }) {
        FlyctlRendering.scaleShow($0, json: line.json)
      }
      case ("scale", "count"): return scaleCount(line)
      case ("ips", "list"): return withApp(line, missing: { "Could not find App \"\($0)\"" }) {
        FlyctlRendering.ipList($0, json: line.json)
      }
      case ("ssh", "console"): return sshConsole(line)
      case ("proxy", _):
        switch FakeFlyProxy.plan(arguments, state: state) {
        case .success(let proxy): return .failure("the proxy to port \(proxy.targetPort) runs until it is stopped; start it as a background program")
        case .failure(let refusal): return .failure(refusal.message)
        }
      default: return .unknown(words.prefix(2).joined(separator: " "))
      }
    }
  }

  private static func noun(_ word: String) -> String {
    switch word {
    case "app", "apps": return "apps"
    case "m", "machine", "machines": return "machine"
    case "vol", "volume", "volumes": return "volumes"
    case "secret", "secrets": return "secrets"
    case "pg", "postgres": return "postgres"
    case "ip", "ips": return "ips"
    default: return word
    }
  }

  private static func verb(_ word: String) -> String {
    word == "ls" ? "list" : word
  }

  private func withLogin(_ body: () -> CommandResult) -> CommandResult {
    state.loggedIn ? body() : .failure("no access token available. Please login with 'flyctl auth login'")
  }

  private func withApp(
    _ line: FlyctlArguments, missing: (String) -> String, _ body: (FakeFlyState.App) -> String
  ) -> CommandResult {
    guard let name = line.app else {
      return .failure(
        "the config for your app is missing an app name, add an app field to the fly.toml file or specify with the -a flag")
    }
    guard let app = state.app(named: name) else { return .failure(missing(name)) }
    return .success(body(app))
  }

  private func appsList(_ line: FlyctlArguments) -> CommandResult {
    .success(FlyctlRendering.appList(state.apps, json: line.json))
  }

  private func postgresList(_ line: FlyctlArguments) -> CommandResult {
    let clusters = state.apps.filter(\.postgres)
    if clusters.isEmpty { return .success("No postgres clusters found\n") }
    return .success(FlyctlRendering.appList(clusters, json: line.json))
  }

  private func postgresUsers(_ line: FlyctlArguments) -> CommandResult {
    guard line.positional.count > 2, Self.verb(line.positional[2]) == "list" else {
      return .unknown(line.positional.joined(separator: " "))
    }
    guard let name = line.app else { return .failure("the config for your app is missing an app name") }
    guard let app = state.app(named: name) else { return .failure("Could not find App \"\(name)\"") }
    guard app.postgres else { return .failure("app \(name) is not a postgres app") }
    if app.postgresUsers.isEmpty { return .success("No users found\n") }
    return .success(FlyctlRendering.postgresUsers(app.postgresUsers, json: line.json))
  }

  /// `machine stop` or `machine start` of the Machines named.
  private mutating func machineSwitch(_ line: FlyctlArguments, start: Bool) -> CommandResult {
    guard let name = line.app, let index = state.apps.firstIndex(where: { $0.name == name }) else {
      return .failure("failed to list VMs: app not found")
    }
    let ids = Array(line.positional.dropFirst(2))
    guard !ids.isEmpty else { return .failure("a machine ID must be given when not running interactively") }
    var output = ""
    for id in ids {
      guard let machine = state.apps[index].machines.firstIndex(where: { $0.id == id }) else {
        return .failure("could not get machine \(id): machine not found", output: output)
      }
      state.apps[index].machines[machine].state = start ? "started" : "stopped"
      output += start ? "\(id) has been started\n" : "Sending kill signal to machine \(id)...\n\(id) has been successfully stopped\n"
    }
    return .success(output)
  }

  private mutating func scaleCount(_ line: FlyctlArguments) -> CommandResult {
    guard let name = line.app, let index = state.apps.firstIndex(where: { $0.name == name }) else {
      return .failure("failed to get app: Could not find App \"\(line.app ?? "")\"")
    }
    guard line.yes else { return .failure("--yes flag must be specified when not running interactively") }
    var targets: [(group: String, count: Int)] = []
    for word in line.positional.dropFirst(2) {
      let parts = word.split(separator: "=")
      if parts.count == 2, let count = Int(parts[1]) {
        targets.append((String(parts[0]), count))
      } else if let count = Int(word) {
        targets.append((line.processGroup ?? "app", count))
      } else {
        return .failure("invalid count \(word)")
      }
    }
    guard !targets.isEmpty else { return .failure("requires at least 1 arg(s), only received 0") }
    return FakeFlyScaler.scale(&state.apps[index], to: targets)
  }

  private func sshConsole(_ line: FlyctlArguments) -> CommandResult {
    guard let name = line.app else { return .failure("the config for your app is missing an app name") }
    guard let app = state.app(named: name) else {
      return .failure("failed retrieving app \(name): Could not find App \"\(name)\"")
    }
    if let chosen = line.machine, !app.machines.contains(where: { $0.id == chosen && $0.state == "started" }) {
      return .failure("--machine=\"\(chosen)\" not found/started")
    }
    guard let machine = app.machines.first(where: { $0.state == "started" && (line.machine == nil || $0.id == line.machine) }) else {
      return .failure("app \(name) has no started VMs.\nIt may be unhealthy or not have been deployed.\nTry the following command to verify:\n\nfly status")
    }
    let command = ShellWords.split(line.command ?? "")
    guard command.first == "printenv" else {
      let program = command.first ?? ""
      return .failure(
        "ssh shell: Process exited with status 127",
        stderrPrefix: "exec: \"\(program)\": executable file not found in $PATH\n")
    }
    var environment = FlyctlRendering.runtimeEnvironment(app: app, machine: machine)
    for secret in app.secrets {
      environment.removeAll { $0.name == secret.name }
      environment.append(secret)
    }
    if command.count == 1 {
      return .success(environment.map { "\($0.name)=\($0.value)\n" }.joined())
    }
    var output = ""
    for variable in command.dropFirst() {
      guard let value = environment.last(where: { $0.name == variable })?.value else {
        return .failure("ssh shell: Process exited with status 1", output: output)
      }
      output += value + "\n"
    }
    return .success(output)
  }
}

extension CommandResult {
  static func success(_ output: String) -> Self {
    Self(exitCode: 0, standardOutput: output, standardError: "")
  }

  static func failure(_ message: String, output: String = "", stderrPrefix: String = "") -> Self {
    Self(exitCode: 1, standardOutput: output, standardError: stderrPrefix + "Error: \(message)\n")
  }

  static func unknown(_ command: String) -> Self {
    .failure("unknown command \"\(command)\" for \"flyctl\"")
  }
}
