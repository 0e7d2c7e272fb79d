public import LandfallModel

/// Everything the policy needs to judge one call; built by the tool runner from the tool's own
/// reading of its arguments, never from the command text alone.
public struct PolicyInput: Sendable {
  /// The cost side of a billable call.
  public struct Cost: Sendable, Equatable {
    /// The estimate tool that prices it; `nil`: nothing can.
    public var estimateTool: String?
    /// The call's arguments, normalised against the estimate's schema.
    public var arguments: JSONValue
    /// False when the estimate takes no arguments (one estimate then prices one call of any shape).
    public var comparesArguments: Bool
    /// Dollars a month claimed by earlier billable calls of the same model response.
    public var pending: Double

    /// Creates a cost check.
    public init(estimateTool: String?, arguments: JSONValue, comparesArguments: Bool = true, pending: Double = 0) {
      self.estimateTool = estimateTool
      self.arguments = arguments
      self.comparesArguments = comparesArguments
      self.pending = pending
    }
  }

  /// A login the call would make, and whether this session has reason to trust it.
  public struct Connection: Sendable, Equatable {
    public var address: String
    public var keyPath: String?
    /// The cloud reported this address in this session, or the person named it (`--host`).
    public var addressKnown: Bool
    /// The session created this key, or the person named it (`--identity`), or none is used.
    public var keyKnown: Bool
    /// What a first connection would pin (the host key's fingerprint), when it could be read.
    public var firstUseFingerprint: String?

    /// Creates a connection check.
    public init(address: String, keyPath: String?, addressKnown: Bool, keyKnown: Bool, firstUseFingerprint: String? = nil) {
      self.address = address
      self.keyPath = keyPath
      self.addressKnown = addressKnown
      self.keyKnown = keyKnown
      self.firstUseFingerprint = firstUseFingerprint
    }
  }

  public var call: ToolCall
  public var effect: ToolEffect
  /// Set for billable calls.
  public var cost: Cost?
  public var acceptsSecrets: Bool
  public var phase: MigrationPhase?
  public var permissions: SessionPermissions
  public var rules: PolicyRules
  public var ledger: CostLedger
  public var invariants: MigrationInvariants
  /// The ordering-relevant step this call is, as the tool itself declares it (or as recognised).
  public var action: MigrationAction
  public var knownSecretNames: Set<String>
  /// Whether the arguments already carry a vault value in some encoding.
  public var argumentsCarrySecretValue: Bool
  /// Vault names this call would store that already hold a value.
  public var replacesSecrets: [String]
  /// The login this call would make, if any.
  public var connection: Connection?
  /// Files of the person's this call would replace.
  public var replacesFiles: [String]

  /// Creates an input.
  public init(
    call: ToolCall, effect: ToolEffect, cost: Cost? = nil, acceptsSecrets: Bool = false, phase: MigrationPhase?,
    permissions: SessionPermissions, rules: PolicyRules = PolicyRules(), ledger: CostLedger = CostLedger(),
    invariants: MigrationInvariants = MigrationInvariants(), action: MigrationAction = .other,
    knownSecretNames: Set<String> = [], argumentsCarrySecretValue: Bool = false, replacesSecrets: [String] = [],
    connection: Connection? = nil, replacesFiles: [String] = []
  ) {
    self.replacesFiles = replacesFiles
    self.call = call
    self.effect = effect
    self.cost = cost
    self.acceptsSecrets = acceptsSecrets
    self.phase = phase
    self.permissions = permissions
    self.rules = rules
    self.ledger = ledger
    self.invariants = invariants
    self.action = action
    self.knownSecretNames = knownSecretNames
    self.argumentsCarrySecretValue = argumentsCarrySecretValue
    self.replacesSecrets = replacesSecrets
    self.connection = connection
  }
}
