/// A command line cut into the simple commands a POSIX shell would run, for judging what each
/// runs; not for running anything.
///
/// Commands end at `;`, `&`, `|`, line breaks and carriage returns, and around subshells and
/// command substitutions (`(`, `)`, `$(`, backquotes, also inside double quotes). Quotes and
/// backslashes are removed from words; separators inside quotes stay in their word. Redirections
/// (`>`, `>>`, `<`, `2>&1`, `&>`) are taken out of the words, their targets kept apart.
/// Comments are dropped. The line is read by Unicode scalar, so no combining mark can hide a
/// separator.
struct ShellCommandLine {
  /// One simple command: its words and the files it redirects to or from.
  struct Command: Equatable {
    var words: [String] = []
    var redirections: [String] = []
  }

  private(set) var commands: [Command] = []

  init(_ line: String) {
    var scanner = Scanner()
    scanner.scan(Array(line.unicodeScalars))
    commands = scanner.commands.filter { !$0.words.isEmpty || !$0.redirections.isEmpty }
  }

  private struct Scanner {
    var commands: [Command] = []
    private var current = Command()
    private var word = ""
    private var inWord = false
    private var redirectionPending = false
    private var quote: Character?
    /// For each open subshell or command substitution, what closes it and the command being
    /// read outside it (`$(` and backquotes start a new, unquoted context even inside double
    /// quotes).
    private var open: [(closing: Character, outside: Outside)] = []

    /// The state of the command a subshell or substitution interrupts.
    private struct Outside {
      var command: Command
      var word: String
      var inWord: Bool
      var redirectionPending: Bool
      var quote: Character?
    }

    mutating func scan(_ scalars: [Unicode.Scalar]) {
      var index = 0
      while index < scalars.count {
        let scalar = scalars[index]
        let next = index + 1 < scalars.count ? scalars[index + 1] : nil
        index += 1
        if quote == "'" {
          if scalar == "'" { quote = nil } else { append(scalar) }
          continue
        }
        if quote == "\"" {
          switch scalar {
          case "\"": quote = nil
          case "\\":
            guard let next else { continue }
            index += 1
            if "$`\"\\".unicodeScalars.contains(next) {
              append(next)
            } else if next != "\n" {
              append(scalar)
              append(next)
            }
          case "`": enter(closing: "`")
          case "$" where next == "(":
            index += 1
            enter(closing: ")")
          default: append(scalar)
          }
          continue
        }
        switch scalar {
        case "\\":
          guard let next else { continue }
          index += 1
          if next != "\n" { append(next) }
        case "'", "\"":
          quote = Character(scalar)
          inWord = true
        case " ", "\t":
          endWord()
        case "#" where !inWord:
          while index < scalars.count, scalars[index] != "\n" { index += 1 }
        case "<", ">":
          if inWord, !word.isEmpty, word.allSatisfy(\.isNumber) {
            word = ""
            inWord = false
          } else {
            endWord()
          }
          redirectionPending = true
          while index < scalars.count, ">&|<".unicodeScalars.contains(scalars[index]) { index += 1 }
        case "&" where next == ">":
          endWord()
        case "`" where open.last?.closing == "`", ")" where open.last?.closing == ")":
          leave()
        case "`", "(":
          enter(closing: scalar == "`" ? "`" : ")")
        case ";", "&", "|", "\n", "\r", ")":
          endCommand()
        default:
          append(scalar)
        }
      }
      while !open.isEmpty { leave() }
      endCommand()
    }

    private mutating func append(_ scalar: Unicode.Scalar) {
      word.unicodeScalars.append(scalar)
      inWord = true
    }

    private mutating func endWord() {
      guard inWord else { return }
      if redirectionPending {
        current.redirections.append(word)
        redirectionPending = false
      } else {
        current.words.append(word)
      }
      word = ""
      inWord = false
    }

    private mutating func endCommand() {
      endWord()
      redirectionPending = false
      commands.append(current)
      current = Command()
    }

    /// A subshell or command substitution starts: what it runs is a command of its own, and
    /// the command around it resumes after it with `$` in the word the output lands in.
    private mutating func enter(closing: Character) {
      if closing == "`" || quote != nil, !word.hasSuffix("$") { append("$") }
      open.append((closing, Outside(command: current, word: word, inWord: inWord, redirectionPending: redirectionPending, quote: quote)))
      current = Command()
      word = ""
      inWord = false
      redirectionPending = false
      quote = nil
    }

    private mutating func leave() {
      endCommand()
      let outside = open.removeLast().outside
      current = outside.command
      word = outside.word
      inWord = outside.inWord
      redirectionPending = outside.redirectionPending
      quote = outside.quote
    }
  }
}
