public import LandfallCore
public import LandfallModel

/// `ask_secret`: the person types a value the model never sees; it lands in the vault.
public struct AskSecretTool: Tool {
  /// Creates the tool.
  public init() {}

  public var spec: ToolSpec {
    ToolSpec(
      name: "ask_secret",
      description: "Ask the person to type a secret value (hidden input). The value is stored in the vault; refer to it as {{secret:NAME}}.",
      inputSchema: Schema.object(
        [("name", Schema.string("variable name, e.g. STRIPE_API_KEY")), ("purpose", Schema.string("why it is needed, shown to the person"))],
        required: ["name", "purpose"]),
      effect: .read)
  }

  public func vaultWrites(for arguments: JSONValue) -> [String] {
    [arguments["name"]?.stringValue].compactMap { $0 }
  }

  public func run(_ arguments: JSONValue, context: ToolContext) async throws(ToolFailure) -> ToolOutput {
    guard let name = arguments["name"]?.stringValue, name.isVariableName else {
      throw .invalidArguments("name must be a variable name (letters, digits, _)")
    }
    guard let prompter = context.secretPrompter else {
      return ToolOutput("no terminal to ask on; the person can pass values with --secrets-file", isError: true)
    }
    guard let value = await prompter.askSecret(name: name, purpose: arguments["purpose"]?.stringValue ?? ""),
      !value.isEmpty
    else {
      return ToolOutput("the person did not give a value for \(name)", isError: true)
    }
    try await context.keep(name, Secret(value), origin: .person)
    return ToolOutput("stored \(name) in the vault; use {{secret:\(name)}}")
  }
}
