internal import LandfallModel

/// Reads a Dockerfile's instructions: stages, ports, start commands, users, variables.
///
/// Handles parser directives (`# escape=`), comments, line continuations and heredocs; it never
/// fails, and what it cannot interpret becomes a warning.
public enum DockerfileParser {
  /// Parses the text of a Dockerfile; warnings name `path` (when given) and the line.
  public static func parse(_ text: String, path: String? = nil) -> Dockerfile {
    var escape: Character = "\\"
    var warnings: [String] = []
    func warn(_ line: Int, _ message: String) {
      warnings.append(InputError(message, source: path, line: line).description)
    }
    var stages: [Dockerfile.Stage] = []
    var cmdSetInStage = false
    var globalArgs: [EnvironmentVariable] = []

    for instruction in instructions(in: text, escape: &escape) {
      let keyword = instruction.keyword
      let rest = instruction.arguments
      if keyword == "FROM" {
        let stage = fromStage(rest, earlier: stages, args: globalArgs)
        stages.append(stage)
        cmdSetInStage = false
        continue
      }
      if keyword == "ARG", stages.isEmpty {
        globalArgs.append(contentsOf: assignments(rest, keyword: keyword))
        continue
      }
      guard knownInstructions.contains(keyword) else {
        warn(instruction.line, "not a Dockerfile instruction; ignored")
        continue
      }
      guard !stages.isEmpty else {
        warn(instruction.line, "\(keyword) before the first FROM; ignored")
        continue
      }
      var stage = stages[stages.count - 1]
      switch keyword {
      case "EXPOSE":
        for token in ShellWords.split(rest) {
          let portText = token.split(separator: "/").first.map(String.init) ?? token
          if let port = Int(portText), (1...65535).contains(port) {
            if !stage.expose.contains(port) { stage.expose.append(port) }
          } else if let range = portRange(portText) {
            stage.expose.append(contentsOf: range.filter { !stage.expose.contains($0) })
          } else {
            let shown = isVariableReference(token) ? " \(token)" : ""
            warn(instruction.line, "EXPOSE\(shown) is not a fixed port; left unresolved")
          }
        }
      case "CMD":
        stage.cmd = commandForm(rest, shell: stage.shell)
        cmdSetInStage = true
      case "ENTRYPOINT":
        stage.entrypoint = commandForm(rest, shell: stage.shell)
        if !cmdSetInStage { stage.cmd = nil }
      case "SHELL":
        if let shell = execForm(rest), !shell.isEmpty {
          stage.shell = shell
        } else {
          warn(instruction.line, "SHELL is not a JSON array of strings; ignored")
        }
      case "USER": stage.user = rest
      case "WORKDIR":
        stage.workdir = rest.hasPrefix("/") || stage.workdir == nil ? rest : (stage.workdir ?? "") + "/" + rest
      case "ENV": stage.env.append(contentsOf: assignments(rest, keyword: keyword))
      case "ARG": stage.args.append(contentsOf: assignments(rest, keyword: keyword))
      default: break
      }
      stages[stages.count - 1] = stage
    }
    if warnings.count > maximumWarnings {
      let more = warnings.count - maximumWarnings
      let summary = InputError("\(more) more lines were not understood; is this a Dockerfile?", source: path)
      warnings = Array(warnings.prefix(maximumWarnings)) + [summary.description]
    }
    return Dockerfile(stages: stages, warnings: warnings)
  }

  /// Warnings kept before the rest are summed up in one line.
  public static let maximumWarnings = 20

  /// Every instruction a Dockerfile may hold; another first word is not echoed back.
  static let knownInstructions: Set<String> = [
    "FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT", "VOLUME", "USER",
    "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL",
  ]

  private static func isVariableReference(_ token: String) -> Bool {
    let name = token.drop { $0 == "$" || $0 == "{" }.prefix { $0 != "}" }
    return token.hasPrefix("$") && token.count <= 64 && !name.isEmpty && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
  }

  struct Instruction {
    var line: Int
    var keyword: String
    var arguments: String
  }

  /// Logical instructions: directives read, comments dropped, continuations joined, heredoc
  /// bodies skipped.
  static func instructions(in text: String, escape: inout Character) -> [Instruction] {
    let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }.map {
      $0.hasSuffix("\r") ? $0.dropLast() : $0
    }
    var result: [Instruction] = []
    var index = 0
    var directivesOpen = true
    while index < lines.count {
      let trimmed = lines[index].trimmingCharacters(in: " \t")
      if trimmed.hasPrefix("#") {
        if directivesOpen, let directive = parseDirective(trimmed) {
          if directive.name == "escape", let character = directive.value.first { escape = character }
        } else {
          directivesOpen = false
        }
        index += 1
        continue
      }
      directivesOpen = false
      if trimmed.isEmpty {
        index += 1
        continue
      }
      let startLine = index + 1
      var logical = ""
      var current = Substring(trimmed)
      while true {
        var body = current
        while body.last == " " || body.last == "\t" { body = body.dropLast() }
        if body.last == escape {
          logical += body.dropLast()
          index += 1
          while index < lines.count {
            let next = lines[index].trimmingCharacters(in: " \t")
            if next.hasPrefix("#") || next.isEmpty {
              index += 1
              continue
            }
            break
          }
          guard index < lines.count else { break }
          current = lines[index]
        } else {
          logical += body
          index += 1
          break
        }
      }
      logical = String(logical.trimmingCharacters(in: " \t"))
      let parts = logical.split(maxSplits: 1, whereSeparator: { $0 == " " || $0 == "\t" })
      guard let first = parts.first else { continue }
      let arguments = parts.count > 1 ? String(parts[1]).trimmingCharacters(in: " \t") : ""
      result.append(Instruction(line: startLine, keyword: first.uppercased(), arguments: String(arguments)))
      for terminator in heredocTerminators(in: logical) {
        while index < lines.count {
          let line = lines[index]
          index += 1
          if line == terminator || line.trimmingCharacters(in: "\t") == terminator { break }
        }
      }
    }
    return result
  }

  private static func parseDirective(_ line: Substring) -> (name: String, value: String)? {
    let body = line.dropFirst().trimmingCharacters(in: " \t")
    guard let equals = body.firstIndex(of: "=") else { return nil }
    let name = body[..<equals].trimmingCharacters(in: " \t").lowercased()
    guard ["syntax", "escape", "check"].contains(name) else { return nil }
    return (name, String(body[body.index(after: equals)...].trimmingCharacters(in: " \t")))
  }

  static func heredocTerminators(in logical: String) -> [String] {
    var terminators: [String] = []
    var rest = Substring(logical)
    while let range = rest.firstRange(of: "<<") {
      var word = rest[range.upperBound...]
      if word.first == "-" { word = word.dropFirst() }
      let quoteCharacter = word.first == "'" || word.first == "\"" ? word.first : nil
      if quoteCharacter != nil { word = word.dropFirst() }
      let name = word.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
      if !name.isEmpty { terminators.append(String(name)) }
      rest = word.dropFirst(max(name.count, 1))
    }
    return terminators
  }

  private static func fromStage(
    _ rest: String, earlier: [Dockerfile.Stage], args: [EnvironmentVariable]
  ) -> Dockerfile.Stage {
    let words = ShellWords.split(rest).filter { !$0.hasPrefix("--") }
    let base = substitute(words.first ?? "scratch", args: args)
    var name: String?
    if words.count >= 3, words[1].lowercased() == "as" { name = words[2] }
    if let parent = earlier.last(where: { $0.name?.lowercased() == base.lowercased() }) {
      var stage = parent
      stage.name = name
      stage.base = base
      return stage
    }
    return Dockerfile.Stage(name: name, base: base)
  }

  private static func substitute(_ text: String, args: [EnvironmentVariable]) -> String {
    var result = text
    for arg in args {
      result = result.replacing("${\(arg.name)}", with: arg.value).replacing("$\(arg.name)", with: arg.value)
    }
    return result
  }

  private static func portRange(_ text: String) -> ClosedRange<Int>? {
    let bounds = text.split(separator: "-").compactMap { Int($0) }
    guard bounds.count == 2, bounds[0] >= 1, bounds[0] <= bounds[1], bounds[1] <= 65535,
      bounds[1] - bounds[0] < 1024
    else { return nil }
    return bounds[0]...bounds[1]
  }

  /// Exec form (a JSON array of strings) as is; shell form as the stage's shell and `TEXT`.
  static func commandForm(_ rest: String, shell: [String] = ["/bin/sh", "-c"]) -> [String] {
    execForm(rest) ?? shell + [rest]
  }

  private static func execForm(_ rest: String) -> [String]? {
    guard rest.hasPrefix("["), case .array(let items)? = try? JSONParser.parse(rest), items.allSatisfy({ $0.stringValue != nil }) else {
      return nil
    }
    return items.compactMap(\.stringValue)
  }

  private static func assignments(_ rest: String, keyword: String) -> [EnvironmentVariable] {
    let words = ShellWords.split(rest)
    if keyword == "ENV", words.count >= 2, !words[0].contains("=") {
      let value = rest.dropFirst(words[0].count).trimmingCharacters(in: " \t")
      return [EnvironmentVariable(name: words[0], value: String(value))]
    }
    return words.map { word in
      guard let equals = word.firstIndex(of: "=") else { return EnvironmentVariable(name: word, value: "") }
      return EnvironmentVariable(name: String(word[..<equals]), value: String(word[word.index(after: equals)...]))
    }
  }
}
