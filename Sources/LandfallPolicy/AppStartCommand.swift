/// Whether a raw command line may start the app, judged segment by segment (`;`, `&&`, `|`,
/// subshells and line breaks split it).
///
/// A segment may start the app when a container or cluster program in it (docker, podman,
/// nerdctl, docker-compose, podman-compose, kubectl, helm) has a first known subcommand that
/// starts something, or none known; or when its own program is one Landfall cannot see through:
/// a word built from a variable or a command substitution, a script or interpreter, a task
/// runner, a path to some program, or a service manager starting a unit that is not known
/// infrastructure (nginx, PostgreSQL, Docker, SSH and the like). Wrappers (`sudo`, `env`,
/// `nohup`, `timeout` ...) are looked through. Only programs known not to start anything (file,
/// package, network and database clients) are let by: an unclear line counts as starting, since
/// a wrong denial says what to run instead and a missed start would not.
enum AppStartCommand {
  /// True when `lowered` (a lowercased command line) may start the app.
  static func mayStart(_ lowered: String) -> Bool {
    lowered.split { "\n;&|()`".contains($0) }.contains { segment in
      let unquoted = segment.filter { !"\"'\\".contains($0) }[...]
      return startsContainers(unquoted) || runsOpaqueProgram(unquoted)
    }
  }

  /// A container or cluster program in `segment` whose first known subcommand starts
  /// something, or that has none known.
  private static func startsContainers(_ segment: Substring) -> Bool {
    let words = segment.split { $0.isWhitespace || $0 == "$" }.map { String($0.split(separator: "/").last ?? "") }
    return words.indices.contains { index in
      guard var table = subcommands[words[index]] else { return false }
      var rest = words[(index + 1)...].filter { !$0.hasPrefix("-") }[...]
      if let compose = rest.prefix(3).firstIndex(of: "compose") {
        rest = rest[(compose + 1)...]
        table = composeSubcommands
      }
      guard !rest.isEmpty else { return false }
      return rest.lazy.compactMap { table[$0] }.first ?? true
    }
  }

  /// Whether the program `segment` runs is one whose effect cannot be read from the line.
  /// `apt-get` is plain for packages from the archive (not a `.deb` file and its scripts, nor an
  /// option that could name a hook), psql
  /// without a shell escape (`\!`) or a script file, certbot without hooks.
  private static func runsOpaqueProgram(_ segment: Substring) -> Bool {
    var words = segment.split(whereSeparator: \.isWhitespace).map(String.init)[...]
    while let first = words.first, isAssignment(first) { words = words.dropFirst() }
    while let wrapper = words.first, let valued = wrappers[wrapper] {
      words = words.dropFirst()
      while let option = words.first, option.hasPrefix("-") || isAssignment(option) {
        words = words.dropFirst()
        if valued.contains(option), words.first != nil { words = words.dropFirst() }
      }
      if wrapper == "timeout", let duration = words.first, duration.first?.isNumber == true { words = words.dropFirst() }
    }
    guard let program = words.first else { return false }
    if program.contains("$") || program.contains("{") { return true }
    let name = program.split(separator: "/").last.map(String.init) ?? program
    if subcommands[name] != nil { return false }
    if name == "systemctl" || name == "service" { return startsAUnit(name, Array(words.dropFirst())) }
    let arguments = words.dropFirst()
    switch name {
    case "apt", "apt-get":
      return arguments.contains { argument in
        argument.contains { "/=:".contains($0) } || argument.hasSuffix(".deb") || ["-o", "-c", "--option", "--config-file"].contains(argument)
      }
    case "psql": return arguments.contains { $0.contains("!") || $0 == "-f" || $0.hasPrefix("--file") }
    case "certbot": return arguments.contains { $0.contains("hook") }
    default: break
    }
    return !plainPrograms.contains(name)
  }

  /// `systemctl VERB UNIT...` or `service UNIT VERB` that starts a unit other than known
  /// infrastructure.
  private static func startsAUnit(_ manager: String, _ arguments: [String]) -> Bool {
    let plain = arguments.filter { !$0.hasPrefix("-") }
    let verb: String?
    let units: [String]
    if manager == "service" {
      verb = plain.count > 1 ? plain[1] : nil
      units = Array(plain.prefix(1))
    } else {
      verb = plain.first
      units = Array(plain.dropFirst())
    }
    guard let verb, startingVerbs.contains(verb) else { return false }
    return units.isEmpty || units.contains { unit in
      let base = unit.split { $0 == "." || $0 == "@" }.first.map(String.init) ?? unit
      return !infrastructureUnits.contains(base)
    }
  }

  private static func isAssignment(_ word: String) -> Bool {
    guard let equals = word.firstIndex(of: "="), equals != word.startIndex else { return false }
    return word[..<equals].allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
  }

  /// Programs that run another program given after their options, with those of their
  /// options that take a value (`sudo -u deploy`, `nice -n 5`), lowercased as the line is.
  private static let wrappers: [String: Set<String>] = [
    "sudo": ["-u", "-g", "-p", "-c", "-d", "-r", "-t", "-h"], "doas": ["-u", "-c"], "env": ["-u", "-c", "-s"], "nohup": [],
    "timeout": ["-s", "-k"], "nice": ["-n"], "ionice": ["-c", "-n", "-p"], "stdbuf": ["-i", "-o", "-e"], "time": [], "command": [],
    "exec": [], "setsid": [], "runuser": ["-u", "-g"],
  ]

  private static let startingVerbs: Set<String> = [
    "start", "restart", "reload-or-restart", "try-restart", "try-reload-or-restart", "enable", "reenable", "isolate", "reload", "force-reload",
  ]

  /// Units that are the server's plumbing, not the app.
  private static let infrastructureUnits: Set<String> = [
    "nginx", "postgresql", "docker", "containerd", "ssh", "sshd", "ufw", "fail2ban", "cron", "systemd-resolved", "systemd-timesyncd",
    "chrony", "unattended-upgrades", "certbot", "snapd", "rsyslog", "systemd-journald", "networking", "k3s",
  ]

  /// Programs known not to start anything: shell built-ins, file and text tools, network and
  /// disk tools. Programs that can run another command from their arguments (`find -exec`,
  /// `awk system()`, `sed e`, `tar --to-command`, `git -c`, cron) are left out. `apt-get`,
  /// `psql` and certbot are judged from their arguments (`runsOpaqueProgram`).
  private static let plainPrograms: Set<String> = [
    "true", "false", "echo", "printf", "cd", "pwd", "ls", "cat", "head", "tail", "grep", "egrep", "fgrep", "wc", "sort", "uniq", "cut",
    "tr", "test", "[", "which", "type", "file", "stat", "du", "df", "free", "uptime", "whoami", "id", "hostname", "date", "sleep",
    "mkdir", "rmdir", "rm", "cp", "mv", "ln", "chmod", "chown", "chgrp", "touch", "tee", "install", "gzip", "gunzip", "zcat",
    "sha256sum", "md5sum", "base64", "curl", "wget", "useradd", "usermod", "groupadd", "ufw", "iptables", "sysctl", "ss", "netstat",
    "ip", "ping", "dig", "host", "nslookup", "openssl", "ssh-keygen", "journalctl", "pg_dump", "pg_dumpall", "pg_restore",
    "pg_isready", "createdb", "createuser", "dropdb", "pg_basebackup", "nginx", "mount", "umount", "mkfs", "mkfs.ext4", "blkid",
    "lsblk", "kill", "pkill", "fly", "flyctl", "export", "unset", "jq", "diff", "cmp", "xxd", "od", "strings", "nl", "tac", "ps",
    "lsof", "passwd", "chpasswd", "timedatectl", "hostnamectl", "swapon", "swapoff", "fallocate", "dd", "resize2fs", "e2fsck",
  ]

  /// Whether each known subcommand of a program starts something.
  private static let subcommands: [String: [String: Bool]] = {
    let docker = table(starting: ["run", "start", "restart", "up"], other: [
      "exec", "logs", "inspect", "ps", "images", "image", "pull", "build", "buildx", "cp", "create", "stop", "rm", "rmi", "kill",
      "pause", "login", "logout", "network", "volume", "tag", "push", "save", "load", "info", "version", "stats", "top", "port",
      "events", "history", "system", "context", "wait", "diff", "search", "config", "ls", "container",
    ])
    return [
      "docker": docker, "podman": docker, "nerdctl": docker, "docker-compose": composeSubcommands, "podman-compose": composeSubcommands,
      "kubectl": table(
        starting: ["apply", "create", "replace", "run", "scale", "set", "patch", "rollout", "edit", "expose", "autoscale"],
        other: ["get", "describe", "logs", "explain", "version", "config", "top", "diff", "auth", "api-resources", "cluster-info", "wait", "events"]),
      "helm": table(
        starting: ["install", "upgrade", "rollback"],
        other: ["list", "ls", "status", "get", "history", "template", "lint", "repo", "search", "show", "version", "env", "uninstall"]),
    ]
  }()

  private static let composeSubcommands = table(starting: ["up", "run", "start", "restart"], other: [
    "exec",
    "ps", "logs", "config", "images", "pull", "build", "stop", "down", "rm", "kill", "pause", "ls", "version", "top", "port", "events", "create",
  ])

  private static func table(starting: [String], other: [String]) -> [String: Bool] {
    Dictionary(uniqueKeysWithValues: starting.map { ($0, true) } + other.map { ($0, false) })
  }
}
