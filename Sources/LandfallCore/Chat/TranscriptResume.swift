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
    return (repairingInterruptedCalls(messages), state)
  }

  /// What a call gets as its result when the session ended before it finished.
  public static let interruptedResult =
    "not run: the session was interrupted before this call finished; nothing was retried. Check the current state before calling it again."

  /// `messages` where every tool call of an assistant message is followed by a result: a call
  /// whose result was never recorded (the process died during it) gets one saying so, so the
  /// next request is one the providers accept. Nothing is run again.
  public static func repairingInterruptedCalls(_ messages: [ChatMessage]) -> [ChatMessage] {
    var repaired: [ChatMessage] = []
    var index = 0
    while index < messages.count {
      let message = messages[index]
      repaired.append(message)
      index += 1
      guard message.role == .assistant, !message.toolCalls.isEmpty else { continue }
      var answered = Set<String>()
      while index < messages.count, messages[index].role == .tool {
        if let id = messages[index].toolCallID { answered.insert(id) }
        repaired.append(messages[index])
        index += 1
      }
      for call in message.toolCalls where !answered.contains(call.id) {
        repaired.append(.toolResult(call, interruptedResult, isError: true))
      }
    }
    return repaired
  }
}
