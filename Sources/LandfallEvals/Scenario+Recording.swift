public import LandfallModel

extension Scenario {
  /// A scenario read back from a recorded session that names no scenario (a sandbox chat, say):
  /// the person's messages and approval answers in order, writes allowed when anything was put to
  /// the person or to `--yes`, and every invariant graded. Outcome predicates cannot be known, so
  /// there are none.
  public init(recording events: [TranscriptEvent], id: String) throws(InputError) {
    let approvals = events.filter { $0.kind == .approval }
    let turns: [JSONValue] = events.filter { $0.kind == .userMessage }.map { event in
      .object([("phase", .int(event["phase"]?.intValue ?? 1)), ("message", event["content"] ?? .string(""))])
    }
    let start = events.first { $0.kind == .sessionStart }
    let json: JSONValue = .object([
      ("id", .string(id)), ("description", .string("a recorded session")),
      ("app", .string(start?["app"]?.stringValue ?? "notes")),
      ("permissions", .object([
        ("allowWrites", .bool(!approvals.isEmpty)),
        ("yes", .bool(approvals.contains { $0["by"]?.stringValue == "--yes" })),
      ])),
      ("approvals", .array(approvals.filter { $0["by"]?.stringValue == "person" }.map { .bool($0["approved"]?.boolValue ?? false) })),
      ("turns", .array(turns)),
      ("invariants", .strings(Graders.invariants.keys.sorted())),
    ])
    try self.init(json: json, path: id)
  }
}
