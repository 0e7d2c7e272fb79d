public import LandfallCore
public import LandfallModel

/// The server the host tools act on: set by `--host`, by `host_connect`, or by the sandbox, and
/// connected on first use.
public actor HostConnection {
  private let connector: any SSHConnector
  private var target: SSHTarget?
  private var session: (any SSHSession)?

  /// A connection that will use `connector`; `target` when the server is already known.
  public init(connector: any SSHConnector, target: SSHTarget?) {
    self.connector = connector
    self.target = target
  }

  /// The server the host tools act on now, if one is known.
  public var currentTarget: SSHTarget? { target }

  /// Points the host tools at another server.
  public func use(_ newTarget: SSHTarget) async {
    if let session { await session.close() }
    session = nil
    target = newTarget
  }

  /// The server a resumed session was last connected to: the arguments of its last
  /// `host_connect` that succeeded. It logs in only while the host key pinned then is still
  /// pinned: a server offering another key, or no longer pinned, is refused.
  public static func lastTarget(in events: [TranscriptEvent]) -> SSHTarget? {
    var arguments: [String: JSONValue] = [:]
    var last: SSHTarget?
    for event in events where event["name"]?.stringValue == "host_connect" {
      let id = event["id"]?.stringValue ?? ""
      if event.kind == .toolCall { arguments[id] = event["arguments"] }
      if event.kind == .toolResult, event["ok"] == .bool(true), let called = arguments[id] { last = HostConnectTool.target(called) }
    }
    last?.pinnedKeyOnly = true
    return last
  }

  /// The host key `target` offers, read without logging in.
  public func hostKey(of target: SSHTarget) async throws(SSHError) -> SSHHostKey {
    try await connector.hostKey(of: target)
  }

  /// The open session, connecting if needed.
  public func open() async throws(ToolFailure) -> any SSHSession {
    if let session { return session }
    guard let target else {
      throw .invalidArguments("no server is connected yet: call host_connect with the VM's address and key path")
    }
    do {
      let opened = try await connector.connect(to: target)
      session = opened
      return opened
    } catch {
      switch error {
      case .unreachable: throw .unavailable(error.description)
      default: throw .failed(error.description)
      }
    }
  }

  /// Runs a script (or command), feeding `input` on standard input.
  public func run(_ script: String, input: [UInt8] = []) async throws(ToolFailure) -> SSHExecResult {
    let session = try await open()
    do {
      return try await session.exec(script, input: input)
    } catch {
      self.session = nil
      throw .failed(error.description)
    }
  }

  /// Closes the session.
  public func close() async {
    if let session { await session.close() }
    session = nil
  }
}
