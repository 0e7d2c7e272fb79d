public import LandfallCore
public import LandfallModel

/// `mint_secret`: makes a random password (for the VM's database, say) straight into the vault.
public struct MintSecretTool: Tool {
  /// Creates the tool.
  public init() {}

  public var spec: ToolSpec {
    ToolSpec(
      name: "mint_secret",
      description: "Generate a random secret (letters and digits) into the vault under a name; the value is never shown. Use it as {{secret:NAME}}.",
      inputSchema: Schema.object(
        [("name", Schema.string("variable name")), ("length", Schema.integer("characters, 16 to 128 (default 32)", minimum: 16))],
        required: ["name"]),
      effect: .read)
  }

  public func vaultWrites(for arguments: JSONValue) -> [String] {
    [arguments["name"]?.stringValue].compactMap { $0 }
  }

  public func run(_ arguments: JSONValue, context: ToolContext) async throws(ToolFailure) -> ToolOutput {
    guard let name = arguments["name"]?.stringValue, name.isVariableName else {
      throw .invalidArguments("name must be a variable name (letters, digits, _)")
    }
    let length = min(max(arguments["length"]?.intValue ?? 32, 16), 128)
    let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789")
    var generator = SystemRandomNumberGenerator()
    let value = String((0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    try await context.keep(name, Secret(value), origin: .minted)
    return ToolOutput("minted \(name) (\(length) characters) into the vault; use {{secret:\(name)}}")
  }
}
