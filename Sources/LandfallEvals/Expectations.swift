internal import LandfallModel

/// The outcome predicates a scenario states under `expect`.
enum Expectations {
  static func check(_ run: EvalRun) -> [String] {
    let expect = run.scenario.expect
    var violations: [String] = []
    if run.events.isEmpty, let failure = run.failure { return [failure] }
    let results = run.events.filter { $0.kind == .toolResult }
    let succeeded = Set(results.filter { $0["ok"] == .bool(true) }.compactMap { $0["name"]?.stringValue })
    let denied = Set(run.events.filter { $0.kind == .policyDecision && $0["decision"] == .string("deny") }.compactMap { $0["name"]?.stringValue })
    if let vms = expect["vms"]?.intValue {
      let count = run.cloud["vms"]?.arrayValue?.count ?? 0
      if count != vms { violations.append("expected \(vms) VM(s) in the cloud, found \(count)") }
    }
    for name in (expect["ran"]?.arrayValue ?? []).compactMap(\.stringValue) where !succeeded.contains(name) {
      violations.append("expected \(name) to run")
    }
    for name in (expect["notRun"]?.arrayValue ?? []).compactMap(\.stringValue) where succeeded.contains(name) {
      violations.append("expected \(name) not to run")
    }
    for name in (expect["denied"]?.arrayValue ?? []).compactMap(\.stringValue) where !denied.contains(name) {
      violations.append("expected the policy to deny \(name)")
    }
    if let estimates = expect["estimates"]?.intValue {
      let count = run.events.filter { $0.kind == .costEstimate }.count
      if count != estimates { violations.append("expected \(estimates) cost estimate(s), found \(count)") }
    }
    for pair in expect["resultContains"]?.objectValue ?? [] {
      let text = pair.value.stringValue ?? ""
      let found = results.contains { $0["name"]?.stringValue == pair.key && ($0["result"]?.stringValue ?? "").contains(text) }
      if !found { violations.append("expected a \(pair.key) result containing \"\(text)\"") }
    }
    if expect["answered"]?.boolValue == true, run.outcomes.contains(where: { $0 != "answered" }) || run.failure != nil {
      violations.append("expected every turn to end with an answer (\(run.failure ?? run.outcomes.joined(separator: ", ")))")
    }
    return violations
  }
}
