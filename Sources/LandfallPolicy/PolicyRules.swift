public import LandfallModel
internal import LandfallTOML

/// The person's own rules from `.landfall/policy.toml`, on top of the built-in gates.
///
/// ```toml
/// [[rule]]
/// tool = "create_vm"              # a name, or a glob with *
/// decision = "deny"               # allow | ask | deny
/// reason = "VMs are created by hand here"
/// [rule.arguments]
/// region = "us-west-*"            # the argument's text must match this glob
/// ```
///
/// The strictest matching rule wins. `deny` blocks a call whatever else says; `ask` makes a person
/// approve it, and is the one way to let a destructive cloud action through (after typing the
/// resource's name); `allow` skips the routine prompt for a write but never an explicit one
/// (money, destruction) and never a denial.
public struct PolicyRules: Sendable, Equatable {
  /// One rule.
  public struct Rule: Sendable, Equatable {
    public var tool: String
    public var decision: Decision
    public var reason: String
    public var arguments: [(key: String, pattern: String)]

    public static func == (lhs: Rule, rhs: Rule) -> Bool {
      lhs.tool == rhs.tool && lhs.decision == rhs.decision && lhs.reason == rhs.reason
        && lhs.arguments.map(\.key) == rhs.arguments.map(\.key) && lhs.arguments.map(\.pattern) == rhs.arguments.map(\.pattern)
    }

    /// Creates a rule.
    public init(tool: String, decision: Decision, reason: String, arguments: [(key: String, pattern: String)] = []) {
      self.tool = tool
      self.decision = decision
      self.reason = reason
      self.arguments = arguments
    }

    /// True when the rule applies to `call`.
    public func matches(_ call: ToolCall) -> Bool {
      guard Glob.matches(tool, call.name) else { return false }
      return arguments.allSatisfy { key, pattern in
        guard let value = call.arguments[key] else { return false }
        let text = value.stringValue ?? JSONWriter.string(value)
        return Glob.matches(pattern, text)
      }
    }
  }

  public var rules: [Rule]

  /// Rules in file order.
  public init(rules: [Rule] = []) {
    self.rules = rules
  }

  /// The matching rules' strictest verdict, or `nil` when none matches.
  public func verdict(for call: ToolCall) -> Verdict? {
    let hits = rules.filter { $0.matches(call) }
    guard !hits.isEmpty else { return nil }
    return Verdict.strictest(hits.map { Verdict($0.decision, ["policy file: \($0.reason)"]) })
  }

  /// Parses a policy file's text; errors name the line (and the column of a TOML syntax error).
  public static func parse(_ text: String) throws(InputError) -> PolicyRules {
    let tree = try TOMLDocument.parse(text)
    var rules: [Rule] = []
    for (index, entry) in (tree["rule"]?.arrayValue ?? []).enumerated() {
      let line = lineOfRule(index, in: text)
      guard let tool = entry["tool"]?.stringValue, !tool.isEmpty else {
        throw InputError("rule \(index + 1) needs a tool name (tool = \"...\")", line: line)
      }
      let decisionText = entry["decision"]?.stringValue ?? ""
      guard let decision = Decision(name: decisionText) else {
        throw InputError("rule \(index + 1): decision must be allow, ask or deny, not \"\(decisionText)\"", line: line)
      }
      let arguments = (entry["arguments"]?.objectValue ?? []).map { pair in
        (key: pair.key, pattern: pair.value.stringValue ?? JSONWriter.string(pair.value))
      }
      let reason = entry["reason"]?.stringValue ?? "rule \(index + 1) (\(decisionText) \(tool))"
      rules.append(Rule(tool: tool, decision: decision, reason: reason, arguments: arguments))
    }
    return PolicyRules(rules: rules)
  }

  private static func lineOfRule(_ index: Int, in text: String) -> Int {
    var seen = -1
    for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
    where line.trimmingCharacters(in: " \t").hasPrefix("[[rule]]") {
      seen += 1
      if seen == index { return number + 1 }
    }
    return 1
  }
}

extension Decision {
  init?(name: String) {
    switch name.lowercased() {
    case "allow": self = .allow
    case "ask": self = .ask
    case "deny": self = .deny
    default: return nil
    }
  }
}

/// Shell-style `*` and `?` matching over whole strings.
enum Glob {
  static func matches(_ pattern: String, _ text: String) -> Bool {
    let p = Array(pattern)
    let t = Array(text)
    var pi = 0
    var ti = 0
    var star = -1
    var mark = 0
    while ti < t.count {
      if pi < p.count, p[pi] == "?" || p[pi] == t[ti] {
        pi += 1
        ti += 1
      } else if pi < p.count, p[pi] == "*" {
        star = pi
        mark = ti
        pi += 1
      } else if star >= 0 {
        pi = star + 1
        mark += 1
        ti = mark
      } else {
        return false
      }
    }
    while pi < p.count, p[pi] == "*" { pi += 1 }
    return pi == p.count
  }
}
