public import LandfallCore

/// A `CommandRunner` whose every program is the fake flyctl, over an in-memory state.
public actor FakeFlyctlCommandRunner: CommandRunner {
  private var flyctl: FakeFlyctl
  /// Every request seen, in order.
  public private(set) var requests: [CommandRequest] = []

  /// A runner answering from `state`.
  public init(state: FakeFlyState) {
    flyctl = FakeFlyctl(state: state)
  }

  /// The state after the commands run so far.
  public var state: FakeFlyState { flyctl.state }

  public func run(_ request: CommandRequest) async throws(CommandError) -> CommandResult {
    requests.append(request)
    return flyctl.run(request.arguments)
  }
}
