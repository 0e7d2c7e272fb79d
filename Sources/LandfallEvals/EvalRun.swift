public import LandfallModel
internal import LandfallCore

/// Everything one scenario run left behind, for the graders.
public struct EvalRun: Sendable {
  public var scenario: Scenario
  public var events: [TranscriptEvent]
  public var requests: [CompletionRequest]
  public var cloud: JSONValue
  public var effects: [String: ToolEffect]
  /// The billable tools of the run, each with the estimate tool that prices it ("" when none can).
  public var billable: [String: String] = [:]
  public var outcomes: [String]
  public var failure: String?
  public var canaries: [String]
  /// The raw bytes of a transcript database holding the run's events.
  public var storedBytes: [UInt8] = []
  /// Whether the app keeps data that must be verified before DNS moves (as the policy was told).
  public var dataVerificationRequired = true
  /// Whether the app declares a release command that runs before it starts.
  public var releaseCommandRequired = false
}

extension EvalRun {
  /// A run that could not start, and why.
  static func failed(_ scenario: Scenario, _ why: String) -> EvalRun {
    EvalRun(scenario: scenario, events: [], requests: [], cloud: .object([]), effects: [:], outcomes: [], failure: why, canaries: [])
  }
}
