public import LandfallPolicy

/// What a person is asked before a call runs.
public struct ApprovalRequest: Sendable, Equatable {
  public var tool: String
  /// One line: the tool and its (redacted) arguments.
  public var summary: String
  public var reasons: [String]
  public var kind: ApprovalKind
  /// For `typeToConfirm`: the exact text the person must type.
  public var confirmationText: String?

  /// Creates a request.
  public init(tool: String, summary: String, reasons: [String], kind: ApprovalKind, confirmationText: String? = nil) {
    self.tool = tool
    self.summary = summary
    self.reasons = reasons
    self.kind = kind
    self.confirmationText = confirmationText
  }
}

/// Asks the person to approve a call.
///
/// Live: `StandardInputApprover` (LandfallTransport). Fake: `ScriptedApprover` (LandfallFakes).
public protocol Approver: Sendable {
  /// True when the person approves.
  func approve(_ request: ApprovalRequest) async -> Bool
}

/// Asks the person for a secret value without showing it.
///
/// Live: hidden terminal input. Fake: `ScriptedSecretPrompter`.
public protocol SecretPrompter: Sendable {
  /// The value typed for `name`, or `nil` when the person declined or input ended.
  func askSecret(name: String, purpose: String) async -> String?
}
