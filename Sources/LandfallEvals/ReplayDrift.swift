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
    for (index, pair) in zip(oldResults, newResults).enumerated() {
      let (old, new) = pair
      let place = "call \(index + 1) (\(old.name))"
      if new.name != old.name {
        drift.append("tool result changed at call \(index + 1): recorded \(old.name), now \(new.name)")
      } else if new.decision != old.decision {
        drift.append("verdict changed for \(place): recorded \(old.decision), now \(new.decision)")
      } else if new.text != old.text {
        drift.append("tool result changed for \(place) (the fakes answer differently)")
      }
    }
    if oldResults.count > newResults.count {
      for (offset, old) in oldResults.dropFirst(newResults.count).enumerated() {
        drift.append("tool result changed: call \(newResults.count + offset + 1) (\(old.name)) was not run again")
      }
    } else if newResults.count > oldResults.count {
      drift.append("tool result changed: \(oldResults.count) tool calls recorded, \(newResults.count) replayed")
    }
    return drift
  }

  /// The tool results in the order they were recorded: ids may repeat in old recordings, so
  /// calls are matched by position.
  private static func results(_ events: [TranscriptEvent]) -> [(name: String, decision: String, text: String)] {
    events.filter { $0.kind == .toolResult }.map { event in
      (event["name"]?.stringValue ?? "", event["decision"]?.stringValue ?? "", event["result"]?.stringValue ?? "")
    }
  }
}
