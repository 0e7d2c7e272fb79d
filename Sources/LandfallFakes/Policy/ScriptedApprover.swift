public import LandfallCore

/// Answers approvals from a script, in order, and records every request. An exhausted script
/// answers no, so an unexpected prompt never approves anything.
public actor ScriptedApprover: Approver {
  private var answers: [Bool]
  public private(set) var requests: [ApprovalRequest] = []

  /// An approver giving `answers` in order.
  public init(_ answers: [Bool]) {
    self.answers = answers
  }

  public func approve(_ request: ApprovalRequest) async -> Bool {
    requests.append(request)
    return answers.isEmpty ? false : answers.removeFirst()
  }
}

/// Answers secret prompts from a dictionary and records the names asked for.
public actor ScriptedSecretPrompter: SecretPrompter {
  private let values: [String: String]
  public private(set) var asked: [String] = []

  /// A prompter that types `values[name]` when asked for `name`.
  public init(_ values: [String: String]) {
    self.values = values
  }

  public func askSecret(name: String, purpose: String) async -> String? {
    asked.append(name)
    return values[name]
  }
}
