public import LandfallModel
public import LandfallPolicy

/// Something the agent can do. Tools never ask for approval or check policy themselves: the
/// `ToolRunner` does that for every call, before `run` is reached.
public protocol Tool: Sendable {
  /// The name, description, schema and effect class the model and the policy see.
  var spec: ToolSpec { get }
  /// The effect of one particular call; by default the spec's. A raw command tool narrows it.
  func effect(for arguments: JSONValue) -> ToolEffect
  /// The ordering-relevant step this call is (a final copy, Fly scaled up, DNS pointed at the
  /// VM, a certificate, a read of the env file), declared by the tool from its parsed
  /// arguments; `.other` for a call the ordering rules do not concern.
  func action(for arguments: JSONValue) -> MigrationAction
  /// The vault names this call would store a value under.
  func vaultWrites(for arguments: JSONValue) -> [String]
  /// Files of the person's this call would replace.
  func replacedFiles(for arguments: JSONValue) -> [String]
  /// The SSH login this call would make (address and key file), if it makes one.
  func login(for arguments: JSONValue) -> (address: String, keyPath: String?)?
  /// What the person should also read before approving this call, found by looking without
  /// changing anything (a server's host key, say). Asked only when the call needs approval.
  func approvalNotes(for arguments: JSONValue) async -> [String]
  /// The same, knowing whether the login the call declares goes to an address this session
  /// learned; one it did not learn is contacted by nothing before the person approves. By
  /// default, `approvalNotes(for:)`.
  func approvalNotes(for arguments: JSONValue, loginAddressKnown: Bool) async -> [String]
  /// Why the `{{secret:NAME}}` handles of this call sit where no secret may go, judged on the
  /// arguments before substitution (a database URL may hold one as its password, never as its
  /// host); nil when they may all be filled in. By default nil.
  func misplacedSecrets(in arguments: JSONValue) -> String?
  /// Runs the call. Arguments have passed schema validation and secret substitution.
  func run(_ arguments: JSONValue, context: ToolContext) async throws(ToolFailure) -> ToolOutput
}

extension Tool {
  public func effect(for arguments: JSONValue) -> ToolEffect { spec.effect }
  public func action(for arguments: JSONValue) -> MigrationAction { .other }
  public func vaultWrites(for arguments: JSONValue) -> [String] { [] }
  public func replacedFiles(for arguments: JSONValue) -> [String] { [] }
  public func login(for arguments: JSONValue) -> (address: String, keyPath: String?)? { nil }
  public func approvalNotes(for arguments: JSONValue) async -> [String] { [] }
  public func misplacedSecrets(in arguments: JSONValue) -> String? { nil }
  public func approvalNotes(for arguments: JSONValue, loginAddressKnown: Bool) async -> [String] { await approvalNotes(for: arguments) }
}

/// What a tool gives back: text for the model (redacted before it goes anywhere) and any facts
/// the migration's ordering rules learn from it.
public struct ToolOutput: Sendable, Equatable {
  public var text: String
  public var facts: [MigrationFact]
  /// The tool ran but reports a failure the model should see and handle.
  public var isError: Bool

  /// Creates an output.
  public init(_ text: String, facts: [MigrationFact] = [], isError: Bool = false) {
    self.text = text
    self.facts = facts
    self.isError = isError
  }
}

/// Why a tool could not do its job.
public enum ToolFailure: Error, Sendable, Equatable {
  /// The arguments make no sense for this tool; the model can correct them.
  case invalidArguments(String)
  /// The tool ran and failed; the message goes back to the model.
  case failed(String)
  /// An outside dependency (MCP server, SSH host, flyctl) cannot be reached: the run stops (exit 3).
  case unavailable(String)
  /// The call was sent but its server stopped or fell silent before answering: whether it took
  /// effect is unknown.
  case interrupted(String)

  /// The message for the model or the person.
  public var message: String {
    switch self {
    case .invalidArguments(let message), .failed(let message), .unavailable(let message), .interrupted(let message): return message
    }
  }
}

/// What a running tool may use besides its arguments.
public struct ToolContext: Sendable {
  /// The session's secrets; a tool that mints or imports a value stores it here.
  public var vault: SecretVault
  /// Hidden input from the person.
  public var secretPrompter: (any SecretPrompter)?
  /// Vault names whose replacement the person approved for this call.
  public var approvedReplacements: Set<String>

  /// Creates a context.
  public init(vault: SecretVault, secretPrompter: (any SecretPrompter)? = nil, approvedReplacements: Set<String> = []) {
    self.vault = vault
    self.secretPrompter = secretPrompter
    self.approvedReplacements = approvedReplacements
  }

  /// Stores a value in the vault, replacing an existing one only if the person approved it.
  public func keep(_ name: String, _ secret: Secret, origin: SecretOrigin) async throws(ToolFailure) {
    do {
      try await vault.store(name, secret, origin: origin, replacing: approvedReplacements.contains(name))
    } catch {
      throw .failed(error.description)
    }
  }
}
