/// pg_dump's plain post-data script cut into its entries, so indexes and key constraints can be
/// built in parallel and the rest replayed in order.
struct PostDataScript: Sendable, Equatable {
  /// One object's statements and the type pg_dump gave it (`INDEX`, `CONSTRAINT`, `FK CONSTRAINT`...).
  struct Entry: Sendable, Equatable {
    var type: String
    var sql: String
  }

  /// The session settings before the first entry; every connection runs them first.
  var preamble: String
  var entries: [Entry]

  /// Splits `script` at pg_dump's `-- Name: ...; Type: ...;` headers.
  init(_ script: String) {
    let lines = script.split(separator: "\n", omittingEmptySubsequences: false)
    var preambleLines: [Substring] = []
    var entries: [Entry] = []
    var current: (type: String, lines: [Substring])?
    var index = 0
    while index < lines.count {
      let line = lines[index]
      if line == "--", index + 1 < lines.count, let type = Self.entryType(lines[index + 1]) {
        if let finished = current { entries.append(Entry(type: finished.type, sql: finished.lines.joined(separator: "\n"))) }
        current = (type, [])
        index += 2
        continue
      }
      if current == nil { preambleLines.append(line) } else { current?.lines.append(line) }
      index += 1
    }
    if let finished = current { entries.append(Entry(type: finished.type, sql: finished.lines.joined(separator: "\n"))) }
    preamble = preambleLines.joined(separator: "\n")
    self.entries = entries.filter { !$0.sql.allSatisfy { $0.isWhitespace || $0 == "-" } }
  }

  /// Entries that touch one table each and may be built side by side: indexes, primary keys,
  /// unique and check constraints.
  var parallel: [Entry] { entries.filter { Self.parallelTypes.contains($0.type) } }

  /// Everything else (foreign keys, triggers, rules, attached partition indexes...), in order.
  var sequential: [Entry] { entries.filter { !Self.parallelTypes.contains($0.type) } }

  private static let parallelTypes: Set<String> = ["INDEX", "CONSTRAINT"]

  private static func entryType(_ line: Substring) -> String? {
    guard line.hasPrefix("-- Name: "), let start = line.firstRange(of: "; Type: ") else { return nil }
    let rest = line[start.upperBound...]
    return String(rest.prefix { $0 != ";" })
  }
}
