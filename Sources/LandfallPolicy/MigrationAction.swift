public import LandfallModel

/// The steps whose order matters. Each tool declares which one a call is (`Tool.action(for:)`),
/// from its parsed arguments; a raw command is judged by `forCommand`.
public enum MigrationAction: Sendable, Equatable {
  case finalDump
  case restore
  case flyScaleUp
  case flyDestroy
  /// Points the domain: `to` is the record's address (A/AAAA), `nil` for a name (CNAME/ALIAS),
  /// which the ordering rules refuse because where it leads cannot be checked.
  case pointDNS(to: String?)
  /// Asks for a certificate for `domain` (`nil` when a raw command's domain cannot be read).
  case requestTLS(domain: String?)
  case readEnvFile
  /// Builds, pushes or prepares the app to run (an image, its release command, a deploy script).
  case prepareApp
  /// Starts the app serving on its new home; `runsReleaseFirst` when the same call runs the
  /// release command before it starts anything.
  case startApp(runsReleaseFirst: Bool)
  /// Runs this image (a container, a release, a Machine, a cluster workload) with the app's
  /// secrets in its environment.
  case runsImage(String, on: ImagePlace)
  /// Writes these variables into the environment the app (and its release command) runs with.
  case setsEnvironment([String])
  /// A raw command that changes the server. What a shell line does cannot be told from its text
  /// (variables, scripts, interpreters, service units, files that run later), so any such line
  /// may start the app.
  case changesServer
  /// Several steps in one call (a raw command line that does more than one thing): every rule
  /// of each applies.
  indirect case all([MigrationAction])
  case other

  /// The steps this action is made of.
  public var parts: [MigrationAction] {
    if case .all(let actions) = self { return actions.flatMap(\.parts) }
    return [self]
  }

  /// What a raw shell command does, judged from its parsed words: a read-only reader of the env
  /// file or the secrets folder reads secrets; anything that is not read-only changes the
  /// server, and also counts as the final copy when it names a database client, as a request for
  /// a certificate when it names certbot, as starting Fly again when flyctl starts or scales
  /// something there.
  public static func forCommand(_ command: String, envFilePaths: [String]) -> MigrationAction {
    let lowered = command.lowercased()
    if destroysOnFly(lowered) { return .flyDestroy }
    if case .readOnly(let words) = ReadOnlyCommand.judge(command) {
      guard let program = words.first, ReadOnlyCommand.contentReaders.contains(program) else { return .other }
      let secretDirectories = envFilePaths.map { path in path.split(separator: "/").dropLast().joined(separator: "/") }
      let touchesSecrets = words.dropFirst().contains { word in
        envFilePaths.contains { word.contains($0) } || word.contains(".env")
          || secretDirectories.contains { !$0.isEmpty && word.hasPrefix("/" + $0) }
      }
      return touchesSecrets ? .readEnvFile : .other
    }
    var found: [MigrationAction] = [.changesServer]
    if lowered.contains("certbot") { found.append(.requestTLS(domain: nil)) }
    if mentionsDatabaseCopy(lowered) { found.append(.finalDump) }
    if runsFlyctl(lowered, doing: ["scale", "start", "deploy", "restart", "resume", "run", "clone", "update"]) { found.append(.flyScaleUp) }
    if mentionsEnvFile(command, envFilePaths) {
      let readers = ["cat", "less", "more", "head", "tail", "grep", "base64", "xxd", "od", "strings", "cp", "scp",
                     "sed", "awk", "tac", "nl", "source", ".", "docker", "env", "printenv", "python", "perl", "curl", "nc", "dd"]
      let words = Set(lowered.split { !($0.isLetter || $0.isNumber || $0 == ".") }.map(String.init))
      if readers.contains(where: words.contains) || lowered.contains("<") { found.append(.readEnvFile) }
    }
    return found.count > 1 ? .all(found) : found.first ?? .other
  }

  /// A raw command that dumps, restores or copies a database: before the freeze it could read
  /// data Fly is still changing, so it counts as the final copy whatever else it says.
  static func mentionsDatabaseCopy(_ lowered: String) -> Bool {
    let words = lowered.split { !($0.isLetter || $0.isNumber || $0 == "_") }
    let clients: Set<Substring> = ["pg_dump", "pg_dumpall", "pg_restore", "psql", "pgcopydb", "pg_basebackup"]
    if words.contains(where: clients.contains) { return true }
    return words.contains("copy") && (words.contains("stdout") || words.contains("stdin") || lowered.contains("copy ("))
  }

  /// A command line that runs flyctl (`fly`, `flyctl`, any path to them) to destroy, release or
  /// delete anything, wherever it sits in a pipeline or a chain.
  static func destroysOnFly(_ lowered: String) -> Bool {
    runsFlyctl(lowered, doing: ["destroy", "release", "delete"])
  }

  /// Whether a segment of the line runs flyctl with one of `verbs` after it.
  private static func runsFlyctl(_ lowered: String, doing verbs: Set<String>) -> Bool {
    lowered.split { "\n;&|()`".contains($0) }.contains { segment in
      let words = segment.split { $0.isWhitespace || "\"'$".contains($0) }.map(String.init)
      return words.indices.contains { index in
        let program = words[index].split(separator: "/").last.map(String.init) ?? ""
        return (program == "fly" || program == "flyctl") && words[(index + 1)...].contains(where: verbs.contains)
      }
    }
  }

  private static func mentionsEnvFile(_ text: String, _ paths: [String]) -> Bool {
    paths.contains { !$0.isEmpty && text.contains($0) } || text.contains(".env")
  }
}
