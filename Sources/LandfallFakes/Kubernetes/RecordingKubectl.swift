public import LandfallCore
public import LandfallModel

/// A kubectl that records what was applied to one pretend cluster and answers the way kubectl
/// words it: applies, a release Job that completes, and rollouts of applied Deployments.
public actor RecordingKubectl: Kubectl {
  /// One call: its arguments and the objects it sent on standard input.
  public struct Call: Sendable, Equatable {
    public var arguments: [String]
    public var objects: [JSONValue]
  }

  /// Every call, in order.
  public private(set) var calls: [Call] = []
  /// The objects on the cluster by `Kind/name`, as last applied.
  public private(set) var applied: [String: JSONValue] = [:]

  /// An empty cluster.
  public init() {}

  public func run(_ arguments: [String], kubeconfig: Secret, standardInput: [UInt8]) async throws(CommandError) -> CommandResult {
    let objects = (try? JSONParser.parse(String(decoding: standardInput, as: UTF8.self)))?["items"]?.arrayValue ?? []
    calls.append(Call(arguments: arguments, objects: objects))
    guard kubeconfig.withValue({ $0.contains("kind: Config") }) else {
      return Self.failure("error: error loading config file: the kubeconfig is not a kubectl Config")
    }
    switch arguments.first {
    case "apply":
      var lines: [String] = []
      for object in objects {
        let kind = object["kind"]?.stringValue ?? ""
        let name = object["metadata"]?["name"]?.stringValue ?? ""
        let key = "\(kind)/\(name)"
        lines.append("\(kind.lowercased())/\(name) \(applied[key] == nil ? "created" : "configured")")
        applied[key] = object
      }
      return Self.success(lines)
    case "delete":
      let name = arguments.dropFirst(2).first ?? ""
      let existed = applied.removeValue(forKey: "Job/\(name)") != nil
      return Self.success(existed ? ["job.batch \"\(name)\" deleted"] : [])
    case "wait":
      let target = arguments.first { $0.hasPrefix("job/") } ?? ""
      let name = String(target.dropFirst(4))
      guard applied["Job/\(name)"] != nil else { return Self.failure("Error from server (NotFound): jobs.batch \"\(name)\" not found") }
      return Self.success(["job.batch/\(name) condition met"])
    case "rollout":
      let target = arguments.first { $0.hasPrefix("deployment/") } ?? ""
      let name = String(target.dropFirst(11))
      guard applied["Deployment/\(name)"] != nil else { return Self.failure("Error from server (NotFound): deployments.apps \"\(name)\" not found") }
      return Self.success(["deployment \"\(name)\" successfully rolled out"])
    default:
      return Self.failure("error: unknown command \"\(arguments.first ?? "")\" for \"kubectl\"")
    }
  }

  private static func success(_ lines: [String]) -> CommandResult {
    CommandResult(exitCode: 0, standardOutput: lines.map { $0 + "\n" }.joined(), standardError: "")
  }

  private static func failure(_ message: String) -> CommandResult {
    CommandResult(exitCode: 1, standardOutput: "", standardError: message + "\n")
  }
}
