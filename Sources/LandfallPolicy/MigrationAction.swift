public import LandfallModel

/// The steps whose order matters, recognised from a tool call whatever tool carries them.
public enum MigrationAction: Sendable, Equatable {
  case finalDump
  case restore
  case flyScaleUp
  case flyDestroy
  case pointDNS
  case requestTLS
  case readEnvFile
  case other

  /// Classifies `call`. Raw commands (`host_exec`, `flyctl`) are read for the same intents.
  public static func classify(_ call: ToolCall, envFilePaths: [String]) -> MigrationAction {
    let arguments = call.arguments
    switch call.name {
    case "data_final_dump", "pg_dump_final": return .finalDump
    case "data_restore", "pg_restore": return .restore
    case "fly_apps_destroy", "fly_destroy", "fly_ips_release", "fly_volumes_destroy": return .flyDestroy
    case "fly_machine_start": return .flyScaleUp
    case "fly_scale":
      let counts = (arguments["counts"]?.objectValue ?? []).compactMap { $0.value.intValue }
        + [arguments["count"]?.intValue].compactMap { $0 }
      return counts.contains { $0 > 0 } ? .flyScaleUp : .other
    case "create_dns_record", "update_dns_record":
      let type = (arguments["type"]?.stringValue ?? "").uppercased()
      return ["A", "AAAA", "CNAME", "ALIAS"].contains(type) ? .pointDNS : .other
    case "host_request_certificate", "host_enable_tls": return .requestTLS
    case "host_read_file", "host_download":
      return mentionsEnvFile(arguments["path"]?.stringValue ?? "", envFilePaths) ? .readEnvFile : .other
    case "host_exec":
      return classifyCommand(arguments["command"]?.stringValue ?? "", envFilePaths: envFilePaths)
    case "flyctl":
      let words = (arguments["args"]?.arrayValue ?? []).compactMap(\.stringValue)
      return classifyFlyctl(words)
    default:
      return .other
    }
  }

  static func classifyCommand(_ command: String, envFilePaths: [String]) -> MigrationAction {
    let lowered = command.lowercased()
    if case .readOnly(let words) = ReadOnlyCommand.judge(command) {
      guard let program = words.first, ReadOnlyCommand.contentReaders.contains(program) else { return .other }
      let secretDirectories = envFilePaths.map { path in path.split(separator: "/").dropLast().joined(separator: "/") }
      let touchesSecrets = words.dropFirst().contains { word in
        envFilePaths.contains { word.contains($0) } || word.contains(".env")
          || secretDirectories.contains { !$0.isEmpty && word.hasPrefix("/" + $0) }
      }
      return touchesSecrets ? .readEnvFile : .other
    }
    if lowered.contains("certbot") { return .requestTLS }
    if mentionsDatabaseCopy(lowered) { return .finalDump }
    if mentionsEnvFile(command, envFilePaths) {
      let readers = ["cat", "less", "more", "head", "tail", "grep", "base64", "xxd", "od", "strings", "cp", "scp",
                     "sed", "awk", "tac", "nl", "source", ".", "docker", "env", "printenv", "python", "perl", "curl", "nc", "dd"]
      let words = Set(lowered.split { !($0.isLetter || $0.isNumber || $0 == ".") }.map(String.init))
      if readers.contains(where: words.contains) || lowered.contains("<") { return .readEnvFile }
    }
    return .other
  }

  /// A raw command that dumps, restores or copies a database: before the freeze it could read
  /// data Fly is still changing, so it counts as the final copy whatever else it says.
  static func mentionsDatabaseCopy(_ lowered: String) -> Bool {
    let words = lowered.split { !($0.isLetter || $0.isNumber || $0 == "_") }
    let clients: Set<Substring> = ["pg_dump", "pg_dumpall", "pg_restore", "psql", "pgcopydb", "pg_basebackup"]
    if words.contains(where: clients.contains) { return true }
    return words.contains("copy") && (words.contains("stdout") || words.contains("stdin") || lowered.contains("copy ("))
  }

  static func classifyFlyctl(_ words: [String]) -> MigrationAction {
    let joined = words.joined(separator: " ").lowercased()
    if joined.contains("destroy") || joined.contains("ips release") || joined.contains(" delete")
      || joined.hasPrefix("delete")
    {
      return .flyDestroy
    }
    if joined.contains("machine start") || joined.contains("machines start") || joined.contains("m start") {
      return .flyScaleUp
    }
    if joined.contains("scale count") {
      let numbers = words.compactMap { word in Int(word.split(separator: "=").last.map(String.init) ?? "") }
      return numbers.contains { $0 > 0 } ? .flyScaleUp : .other
    }
    return .other
  }

  private static func mentionsEnvFile(_ text: String, _ paths: [String]) -> Bool {
    paths.contains { !$0.isEmpty && text.contains($0) } || text.contains(".env")
  }
}
