public import LandfallModel

/// Runs kubectl against one cluster. The kubeconfig travels as a secret: the live adapter writes
/// it to a file only it can read for the length of the call and removes it afterwards, and
/// `standardInput` (manifests, Secret values) never becomes a file at all.
///
/// Live: `ProcessKubectl` (LandfallTransport). Fake: `RecordingKubectl` (LandfallFakes).
public protocol Kubectl: Sendable {
  /// Runs `kubectl --kubeconfig FILE ARGUMENTS` with `standardInput`; a non-zero exit is a result.
  func run(_ arguments: [String], kubeconfig: Secret, standardInput: [UInt8]) async throws(CommandError) -> CommandResult
}
