/// Who said a message.
public enum ChatRole: String, Sendable, Equatable {
  case system
  case user
  case assistant
  case tool
}

/// One message of a conversation with a model, in a provider-neutral form.
public struct ChatMessage: Sendable, Equatable {
  public var role: ChatRole
  public var content: String
  /// For `assistant`: the tools it asked for.
  public var toolCalls: [ToolCall]
  /// For `tool`: the call this answers, and the tool's name.
  public var toolCallID: String?
  public var toolName: String?
  /// For `tool`: whether the result is an error.
  public var isError: Bool

  /// Creates a message.
  public init(
    role: ChatRole, content: String, toolCalls: [ToolCall] = [], toolCallID: String? = nil, toolName: String? = nil,
    isError: Bool = false
  ) {
    self.role = role
    self.content = content
    self.toolCalls = toolCalls
    self.toolCallID = toolCallID
    self.toolName = toolName
    self.isError = isError
  }

  /// A system message.
  public static func system(_ text: String) -> ChatMessage { ChatMessage(role: .system, content: text) }
  /// A user message.
  public static func user(_ text: String) -> ChatMessage { ChatMessage(role: .user, content: text) }
  /// An assistant message, possibly with tool calls.
  public static func assistant(_ text: String, toolCalls: [ToolCall] = []) -> ChatMessage {
    ChatMessage(role: .assistant, content: text, toolCalls: toolCalls)
  }
  /// A tool result answering `call`.
  public static func toolResult(_ call: ToolCall, _ text: String, isError: Bool) -> ChatMessage {
    ChatMessage(role: .tool, content: text, toolCallID: call.id, toolName: call.name, isError: isError)
  }

  /// A rough token count (four characters a token, plus framing), for the context budget.
  public var estimatedTokens: Int {
    let arguments = toolCalls.reduce(0) { $0 + $1.name.count + JSONWriter.string($1.arguments).count }
    return (content.utf8.count + arguments) / 4 + 4
  }

  /// The message as stored in a transcript event.
  public var json: JSONValue {
    var pairs: [(key: String, value: JSONValue)] = [("role", .string(role.rawValue)), ("content", .string(content))]
    if !toolCalls.isEmpty {
      pairs.append(("toolCalls", .array(toolCalls.map {
        .object([("id", .string($0.id)), ("name", .string($0.name)), ("arguments", $0.arguments)])
      })))
    }
    if let toolCallID { pairs.append(("toolCallId", .string(toolCallID))) }
    if let toolName { pairs.append(("toolName", .string(toolName))) }
    if isError { pairs.append(("isError", .bool(true))) }
    return .object(pairs)
  }

  /// Reads the transcript form back.
  public init?(json: JSONValue) {
    guard let role = json["role"]?.stringValue.flatMap(ChatRole.init(rawValue:)) else { return nil }
    let calls = (json["toolCalls"]?.arrayValue ?? []).compactMap { entry -> ToolCall? in
      guard let id = entry["id"]?.stringValue, let name = entry["name"]?.stringValue else { return nil }
      return ToolCall(id: id, name: name, arguments: entry["arguments"] ?? .object([]))
    }
    self.init(
      role: role, content: json["content"]?.stringValue ?? "", toolCalls: calls,
      toolCallID: json["toolCallId"]?.stringValue, toolName: json["toolName"]?.stringValue,
      isError: json["isError"]?.boolValue ?? false)
  }
}
