/// A container or cluster program and whether a command line of it may start something.
///
/// A line starts something when any of its words is a starting subcommand (so an option's
/// value cannot stand in front of `run`); otherwise it is judged by a known other subcommand,
/// and a line with none known counts as starting. `exec` as the first word runs a command in
/// something already running and starts nothing new.
enum ContainerProgram {
  case docker
  case compose
  case kubectl
  case helm

  /// The kind of `name`, or nil when it is not a container or cluster program.
  init?(_ name: String) {
    switch name {
    case "docker", "podman", "nerdctl": self = .docker
    case "docker-compose", "podman-compose": self = .compose
    case "kubectl": self = .kubectl
    case "helm": self = .helm
    default: return nil
    }
  }

  /// Whether the program with `arguments` may start something.
  func starts(_ arguments: [String]) -> Bool {
    if arguments.first == "exec" { return false }
    if self == .docker, let compose = arguments.firstIndex(of: "compose") {
      return Self.compose.starts(Array(arguments[(compose + 1)...]))
    }
    let (starting, other) = subcommands
    if arguments.contains(where: starting.contains) { return true }
    return !arguments.contains(where: other.contains)
  }

  private var subcommands: (starting: Set<String>, other: Set<String>) {
    switch self {
    case .docker:
      return (["run", "start", "restart", "up", "unpause"], [
        "exec", "logs", "inspect", "ps", "images", "image", "pull", "build", "buildx", "cp", "create", "stop", "rm", "rmi", "kill",
        "pause", "login", "logout", "network", "volume", "tag", "push", "save", "load", "info", "version", "stats", "top", "port",
        "events", "history", "system", "context", "wait", "diff", "search", "config", "ls",
      ])
    case .compose:
      return (["up", "run", "start", "restart", "unpause", "scale", "watch"], [
        "exec", "ps", "logs", "config", "images", "pull", "build", "stop", "down", "rm", "kill", "pause", "ls", "version", "top", "port",
        "events", "create", "cp",
      ])
    case .kubectl:
      return (["apply", "create", "replace", "run", "scale", "set", "patch", "rollout", "edit", "expose", "autoscale"], [
        "get", "describe", "logs", "explain", "version", "config", "top", "diff", "auth", "api-resources", "cluster-info", "wait", "events",
        "delete", "port-forward", "cp", "exec",
      ])
    case .helm:
      return (["install", "upgrade", "rollback"], [
        "list", "ls", "status", "get", "history", "template", "lint", "repo", "search", "show", "version", "env", "uninstall",
      ])
    }
  }
}
