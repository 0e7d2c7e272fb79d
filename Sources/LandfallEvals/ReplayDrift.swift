public import LandfallModel

/// Compares a fresh replay with its recording and names each difference by its cause: the
/// request changed (a prompt or a tool schema), a tool result changed (the fakes), or a policy
/// verdict changed.
public enum ReplayDrift {
  /// The differences, in order; empty when the replay matches the recording.
  public static func compare(recorded: [TranscriptEvent], fresh: [TranscriptEvent]) -> [String] {
    var drift: [String] = []
    let oldRequests = recorded.filter { $0.kind == .llmRequest }.compactMap { $0["requestHash"]?.stringValue }
    let newRequests = fresh.filter { $0.kind == .llmRequest }.compactMap { $0["requestHash"]?.stringValue }
    for (index, pair) in zip(oldRequests, newRequests).enumerated() where pair.0 != pair.1 {
      drift.append("request changed at model request \(index + 1) (prompt or tool schemas)")
    }
    if oldRequests.count != newRequests.count {
      drift.append("request changed: \(oldRequests.count) model requests recorded, \(newRequests.count) replayed")
    }
    let oldResults = results(recorded)
    let newResults = results(fresh)
    for (id, result) in oldResults.sorted(by: { $0.key < $1.key }) {
      guard let replayed = newResults[id] else {
        drift.append("tool result changed: \(id) was not run again")
        continue
      }
      if replayed.decision != result.decision {
        drift.append("verdict changed for \(id): recorded \(result.decision), now \(replayed.decision)")
      } else if replayed.text != result.text {
        drift.append("tool result changed for \(id) (the fakes answer differently)")
      }
    }
    return drift
  }

  private static func results(_ events: [TranscriptEvent]) -> [String: (decision: String, text: String)] {
    var map: [String: (decision: String, text: String)] = [:]
    for event in events where event.kind == .toolResult {
      guard let id = event["id"]?.stringValue else { continue }
      map[id] = (event["decision"]?.stringValue ?? "", event["result"]?.stringValue ?? "")
    }
    return map
  }
}
