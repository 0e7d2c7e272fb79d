/// Whether a raw command line may start the app, judged command by command as a shell would cut
/// it (`ShellCommandLine`).
///
/// A command may start the app unless it is understood not to. Understood are: a program named
/// plainly (a bare name, or one in /bin, /usr/bin, /sbin or /usr/sbin) that runs nothing else
/// (file, text, network and disk tools, database clients without a shell escape); a container
/// or cluster program (docker, podman, nerdctl, compose, kubectl, helm) with no starting
/// subcommand anywhere in its words and a known other one; a service manager restarting the
/// server's plumbing (nginx, PostgreSQL, SSH ...). Wrappers (`sudo`, `env`, `nohup`, `timeout`
/// ...) and shell keywords are looked through, with only the options they are known to take.
/// Anything else counts as starting: a program behind a variable or a substitution, a script, an
/// interpreter, a task runner, an unknown option, a write into a place that runs programs (bin
/// folders, systemd, cron, shell profiles, the Docker socket). An unclear line counts as
/// starting, since a wrong denial says what to run instead and a missed start would not.
enum AppStartCommand {
  /// True when some command in `line` may start the app.
  static func mayStart(_ line: String) -> Bool {
    ShellCommandLine(line).commands.contains(where: mayStart)
  }

  private static func mayStart(_ command: ShellCommandLine.Command) -> Bool {
    if command.redirections.contains(where: runsPrograms) { return true }
    var words = command.words[...]
    while let first = words.first {
      if let name = assignedName(first) {
        guard harmlessVariables.contains(name) else { return true }
      } else if loopHeaders.contains(first) || (first == "command" && ["-v", "-V"].contains(words.dropFirst().first)) {
        return false
      } else if let wrapper = wrappers[first] {
        guard let rest = wrapper.skipOptions(in: words.dropFirst(), of: first) else { return true }
        words = rest
        continue
      } else if !keywords.contains(first) {
        break
      }
      words = words.dropFirst()
    }
    guard let program = words.first else { return false }
    guard let name = plainName(program) else { return true }
    return runs(name, Array(words.dropFirst()))
  }

  /// Whether program `name` with `arguments` may start the app.
  private static func runs(_ name: String, _ arguments: [String]) -> Bool {
    if let kind = ContainerProgram(name) { return kind.starts(arguments) }
    switch name {
    case "systemctl": return ServiceManager.systemctlStarts(arguments)
    case "service": return ServiceManager.serviceStarts(arguments)
    case "apt", "apt-get":
      return arguments.contains { argument in
        argument.contains { "/=:".contains($0) } || argument.hasSuffix(".deb") || ["-o", "-c", "--option", "--config-file"].contains(argument)
      }
    case "psql":
      return arguments.contains { argument in
        argument.contains("\\") || argument.contains("!") || argument.lowercased().contains("program") || argument == "-f"
          || argument.hasPrefix("--file") || (argument.hasPrefix("-f") && argument.count > 2)
      }
    case "certbot":
      return arguments.contains { $0.contains("hook") || $0 == "renew" || $0 == "-c" || $0.hasPrefix("--config") }
    case "curl":
      return arguments.contains { argument in
        argument.hasPrefix("--unix-socket") || argument.hasPrefix("--abstract-unix-socket") || argument == "-K"
          || argument.hasPrefix("--config") || argument.contains("docker.sock") || argument.contains(":2375") || argument.contains(":2376")
      }
    default:
      if fileWriters.contains(name), arguments.contains(where: runsPrograms) { return true }
      return !plainPrograms.contains(name)
    }
  }

  /// The program's name when it is named plainly: a bare name, or a path in the system's own
  /// program folders; nil for anything else (another path, a variable, a pattern).
  private static func plainName(_ program: String) -> String? {
    guard !program.contains(where: { "$`{}*?[]~".contains($0) }) else { return nil }
    guard program.contains("/") else { return program }
    for folder in ["/bin/", "/usr/bin/", "/sbin/", "/usr/sbin/"] where program.hasPrefix(folder) {
      let name = String(program.dropFirst(folder.count))
      return name.isEmpty || name.contains("/") ? nil : name
    }
    return nil
  }

  /// A path where a file makes programs run: program folders, systemd and init, cron, shell
  /// profiles, the dynamic loader, sudo, Docker's socket and settings, certbot's hooks, apt's.
  private static func runsPrograms(_ path: String) -> Bool {
    let places = [
      "bin/", "systemd", "cron", "/etc/init", "/etc/rc", "profile", "bashrc", "/etc/environment", "sudoers", "ld.so", "/etc/docker/",
      "docker.sock", "renewal-hooks", "supervisor", "apt.conf", "/etc/update-motd.d",
    ]
    return places.contains { path.contains($0) } || path.hasSuffix("/etc/docker")
  }

  /// `NAME` when `word` is an assignment `NAME=value`.
  private static func assignedName(_ word: String) -> String? {
    guard let equals = word.firstIndex(of: "="), equals != word.startIndex else { return nil }
    let name = word[..<equals]
    guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), name.first?.isNumber == false else { return nil }
    return String(name)
  }

  /// Variables that change how a program prints, not what it runs.
  private static let harmlessVariables: Set<String> = [
    "LANG", "LC_ALL", "LC_MESSAGES", "LC_CTYPE", "TZ", "TERM", "DEBIAN_FRONTEND", "NEEDRESTART_MODE", "PGPASSWORD", "PGHOST", "PGPORT",
    "PGUSER", "PGDATABASE", "PGSSLMODE", "PGCONNECT_TIMEOUT", "COLUMNS", "NO_COLOR",
  ]

  /// Words that open or close a compound command; the command after them is judged.
  private static let keywords: Set<String> = ["if", "then", "else", "elif", "do", "while", "until", "!", "{", "}", "fi", "done", "esac"]

  /// Headers whose own words run nothing (substitutions in them are commands of their own).
  private static let loopHeaders: Set<String> = ["for", "case", "select", "in"]

  /// Programs that only copy or write files: a write into a place that runs programs counts.
  private static let fileWriters: Set<String> = ["cp", "mv", "ln", "install", "tee", "dd", "touch", "chmod", "chown", "mkdir"]

  /// Programs known not to start anything: shell built-ins, file and text tools, network and
  /// disk tools, database clients. Programs that can run another command from their arguments
  /// (`find -exec`, `awk system()`, `sed e`, `tar --to-command`, `git -c`, `xargs`, `kill 1`) are
  /// not here; `apt-get`, `psql`, certbot and curl are judged from their arguments.
  private static let plainPrograms: Set<String> = [
    "true", "false", ":", "echo", "printf", "cd", "pwd", "set", "umask", "export", "unset", "alias", "read", "wait", "test", "[", "which",
    "type", "hash", "ls", "cat", "head", "tail", "grep", "egrep", "fgrep", "wc", "sort", "uniq", "cut", "tr", "file", "stat", "du",
    "df", "free", "uptime", "whoami", "id", "hostname", "date", "sleep", "mkdir", "rmdir", "rm", "cp", "mv", "ln", "chmod", "chown",
    "chgrp", "touch", "tee", "install", "gzip", "gunzip", "zcat", "sha256sum", "md5sum", "base64", "wget", "useradd", "usermod",
    "groupadd", "ufw", "iptables", "sysctl", "ss", "netstat", "ip", "ping", "dig", "host", "nslookup", "openssl", "ssh-keygen",
    "journalctl", "pg_dump", "pg_dumpall", "pg_restore", "pg_isready", "createdb", "createuser", "dropdb", "pg_basebackup", "nginx",
    "mount", "umount", "mkfs", "mkfs.ext4", "blkid", "lsblk", "jq", "diff", "cmp", "xxd", "od", "strings", "nl", "tac", "ps", "lsof",
    "passwd", "chpasswd", "timedatectl", "hostnamectl", "swapon", "swapoff", "fallocate", "dd", "resize2fs", "e2fsck", "uname", "getent",
    "findmnt", "fly", "flyctl",
  ]

  /// How a wrapper program takes its options before the program it runs.
  private struct Wrapper {
    var flags: Set<String> = []
    var valued: Set<String> = []
    /// Whether a duration comes before the program (`timeout 30 cmd`).
    var takesDuration = false

    /// `words` after the wrapper's options, or nil when an option is not one it is known to
    /// take (the program it runs could hide behind it).
    func skipOptions(in words: ArraySlice<String>, of name: String) -> ArraySlice<String>? {
      var rest = words
      while let option = rest.first, option.hasPrefix("-"), option != "-" || name != "env" {
        rest = rest.dropFirst()
        if option == "--" { break }
        let key = option.split(separator: "=", maxSplits: 1).first.map(String.init) ?? option
        if flags.contains(option) || (valued.contains(key) && option.contains("=")) { continue }
        if name == "nice", option.dropFirst().allSatisfy(\.isNumber) { continue }
        guard valued.contains(option), rest.first != nil else { return nil }
        rest = rest.dropFirst()
      }
      if takesDuration {
        guard let duration = rest.first, duration.first?.isNumber == true else { return nil }
        rest = rest.dropFirst()
      }
      return rest
    }
  }

  private static let wrappers: [String: Wrapper] = [
    "sudo": Wrapper(flags: ["-n", "--non-interactive", "-E", "--preserve-env", "-H", "--set-home"], valued: ["-u", "--user", "-g", "--group"]),
    "doas": Wrapper(flags: ["-n"], valued: ["-u"]),
    "env": Wrapper(flags: ["-i", "--ignore-environment", "-"]),
    "nohup": Wrapper(),
    "timeout": Wrapper(
      flags: ["--preserve-status", "--foreground", "-v", "--verbose"], valued: ["-s", "--signal", "-k", "--kill-after"], takesDuration: true),
    "nice": Wrapper(valued: ["-n", "--adjustment"]),
    "time": Wrapper(flags: ["-p"]),
    "command": Wrapper(flags: ["-p"]),
    "exec": Wrapper(),
    "setsid": Wrapper(flags: ["-f", "--fork", "-w", "--wait"]),
  ]
}
