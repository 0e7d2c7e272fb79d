/// The strict read-only class of a raw command on the VM.
///
/// A command is read-only only when it parses into plain words (quotes allowed, nothing the
/// shell would expand, glob, redirect, chain or substitute) and those words are an allowlisted
/// inspection: a known program, a read-only subcommand where the program has subcommands, and
/// no flag that writes, follows forever or runs something else. Everything else is a write.
public enum ReadOnlyCommand {
  /// How a command was judged.
  public enum Judgement: Sendable, Equatable {
    /// Read-only; run as these words, exactly (the command's own, with the program's
    /// safeguards after its name).
    case readOnly([String])
    /// A write, with the reason it is not read-only.
    case write(String)
  }

  /// Judges `command`.
  public static func judge(_ command: String) -> Judgement {
    let words: [String]
    switch ShellWords.split(command) {
    case .success(let parsed): words = parsed
    case .failure(let why): return .write(why.description)
    }
    guard let program = words.first else { return .write("the command is empty") }
    if program.contains("=") { return .write("it sets a variable before the command") }
    if program.contains("/") { return .write("programs are named without a path") }
    guard let rule = rules[program] else { return .write("\(program) is not one of the inspection commands") }
    if let problem = rule.problem(Array(words.dropFirst())) { return .write("\(program): \(problem)") }
    return .readOnly([program] + rule.safeguards + words.dropFirst())
  }

  struct Rule {
    /// Required first argument (a read-only subcommand), if the program has subcommands; only
    /// flags from `onlyFlags` or `leadingFlags` may come before it.
    var subcommands: Set<String>? = nil
    /// Flags that take no value and may come before the subcommand.
    var leadingFlags: Set<String> = []
    /// Arguments put first when the command runs, so it ignores configuration an earlier write
    /// could have left (curl's `-q` skips `.curlrc`, which could point it at the Docker socket).
    var safeguards: [String] = []
    /// Flags that make it write, follow forever, or run something else.
    var forbiddenFlags: Set<String> = []
    /// Whether non-flag arguments (paths, names) are allowed.
    var operands = true
    /// Every flag must be in this set, when given.
    var onlyFlags: Set<String>? = nil
    /// Operands that turn the command into a change.
    var forbiddenOperands: Set<String> = []

    func problem(_ arguments: [String]) -> String? {
      var rest = arguments
      if let subcommands {
        let leading = rest.prefix { $0.hasPrefix("-") }
        if let flag = leading.first(where: { !leadingFlags.contains($0) && !(onlyFlags?.contains($0) ?? false) }) {
          return "\(flag) before the subcommand is not read-only (an option's value could stand in for the subcommand)"
        }
        guard let sub = rest.dropFirst(leading.count).first, subcommands.contains(sub) else {
          return "only \(subcommands.sorted().joined(separator: ", ")) are read-only"
        }
        rest.remove(at: leading.count)
      }
      for word in rest {
        if word.hasPrefix("-") {
          let flag = word.split(separator: "=", maxSplits: 1).first.map(String.init) ?? word
          if forbiddenFlags.contains(flag) { return "\(flag) is not read-only" }
          if let onlyFlags, !onlyFlags.contains(flag) { return "\(flag) is not an allowed flag" }
        } else if !operands {
          return "it takes no arguments here (\(word))"
        } else if forbiddenOperands.contains(word) {
          return "\(word) changes something"
        }
      }
      return nil
    }
  }

  /// Programs that print the contents of the files they are given.
  public static let contentReaders: Set<String> = ["cat", "head", "tail", "grep", "wc"]

  static let rules: [String: Rule] = [
    "cat": Rule(), "ls": Rule(), "stat": Rule(), "wc": Rule(), "du": Rule(), "df": Rule(), "lsblk": Rule(),
    "blkid": Rule(), "findmnt": Rule(), "free": Rule(), "uptime": Rule(), "whoami": Rule(operands: false),
    "id": Rule(), "uname": Rule(operands: false), "ps": Rule(), "getent": Rule(), "which": Rule(), "pwd": Rule(operands: false),
    "grep": Rule(forbiddenFlags: ["-f", "--file"]),
    "head": Rule(), "tail": Rule(forbiddenFlags: ["-f", "-F", "--follow", "--retry"]),
    "hostname": Rule(operands: false, onlyFlags: ["-f", "-i", "-I", "-s", "-d", "-A", "--fqdn", "--short"]),
    "hostnamectl": Rule(subcommands: ["status"]),
    "date": Rule(operands: false, onlyFlags: ["-u", "-R", "-I", "--utc", "--iso-8601", "--rfc-3339"]),
    "ss": Rule(forbiddenFlags: ["-K", "--kill", "-D", "--diag", "-F", "--filter"]),
    "ip": Rule(subcommands: ["addr", "a", "address", "route", "r", "link", "l", "neigh"], forbiddenFlags: ["-b", "-batch", "-force"],
      onlyFlags: ["-4", "-6", "-br", "-brief", "-c", "-color", "-j", "-json", "-s", "-d", "-o"],
      forbiddenOperands: ["add", "del", "delete", "change", "replace", "set", "flush", "append", "prepend", "save", "restore", "exec", "update", "test"]),
    "docker": Rule(subcommands: ["ps", "logs", "images", "version", "stats"], forbiddenFlags: ["-f", "--follow"]),
    "systemctl": Rule(subcommands: ["status", "is-active", "is-enabled", "is-failed", "list-units", "list-timers", "show", "cat"],
      leadingFlags: ["--no-pager", "--full", "-l", "--plain", "--no-legend", "-a", "--all"], forbiddenFlags: ["-H", "--host", "-M", "--machine"]),
    "journalctl": Rule(forbiddenFlags: [
      "-f", "--follow", "--vacuum-size", "--vacuum-time", "--vacuum-files", "--rotate", "--flush", "--sync", "--relinquish-var",
      "--smart-relinquish-var", "--setup-keys", "--update-catalog", "-D", "--directory", "--file", "--root", "--image", "-o", "--output-fields",
    ]),
    "nginx": Rule(operands: false, onlyFlags: ["-t", "-T", "-v", "-V"]),
    "dig": Rule(forbiddenFlags: ["-f", "-k"]), "host": Rule(), "nslookup": Rule(),
    "curl": Rule(safeguards: ["-q"], onlyFlags: [
      "-s", "-S", "-sS", "-f", "-fsS", "-fsSL", "-sSf", "-I", "-i", "-L", "-v", "-k", "--silent", "--show-error", "--fail", "--head",
      "--include", "--location", "--verbose", "-m", "--max-time", "--connect-timeout", "--resolve", "-w", "--write-out",
    ]),
    "pg_isready": Rule(),
  ]
}
