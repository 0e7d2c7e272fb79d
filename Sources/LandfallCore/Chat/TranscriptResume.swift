public import LandfallModel

/// Rebuilds a conversation and its ledger from a session's events, to continue it.
public enum TranscriptResume {
  /// The messages (user, assistant, tool) and the last recorded ledger.
  public static func restore(_ events: [TranscriptEvent]) -> (messages: [ChatMessage], state: MigrationState) {
    var messages: [ChatMessage] = []
    var state = MigrationState()
    var callsByID: [String: ToolCall] = [:]
    for event in events {
      switch event.kind {
      case .userMessage:
        messages.append(.user(event["content"]?.stringValue ?? ""))
      case .llmResponse:
        guard let message = event["message"].flatMap(ChatMessage.init(json:)) else { continue }
        for call in message.toolCalls { callsByID[call.id] = call }
        messages.append(message)
      case .toolResult:
        guard let id = event["id"]?.stringValue, let call = callsByID[id] else { continue }
        messages.append(.toolResult(call, event["result"]?.stringValue ?? "", isError: event["ok"]?.boolValue == false))
      case .stateChange:
        if let saved = event["state"] { state = MigrationState(json: saved) }
      default:
        continue
      }
    }
    return (messages, state)
  }
}
