/// Where to connect over SSH and as whom.
public struct SSHTarget: Sendable, Equatable {
  public var host: String
  public var port: Int
  public var user: String
  /// A private key file; `nil` uses ssh-agent.
  public var identityFile: String?
  public var connectTimeout: Duration
  /// The host key fingerprint the person approved for a first connection: a server offering
  /// another key is refused instead of pinned.
  public var approvedHostKey: String?
  /// Log in only to a server whose host key is already pinned (a resumed session's server, for
  /// which no one approves a key again): a first use is refused instead of pinned.
  public var pinnedKeyOnly = false

  /// Creates a target.
  public init(host: String, port: Int = 22, user: String, identityFile: String?, connectTimeout: Duration = .seconds(15)) {
    self.host = host
    self.port = port
    self.user = user
    self.identityFile = identityFile
    self.connectTimeout = connectTimeout
  }

  /// Parses `user@host[:port]`.
  public static func parse(_ text: String, identityFile: String?) -> SSHTarget? {
    let parts = text.split(separator: "@", maxSplits: 1)
    guard parts.count == 2, !parts[0].isEmpty else { return nil }
    let hostPart = parts[1].split(separator: ":", maxSplits: 1)
    guard let host = hostPart.first, !host.isEmpty else { return nil }
    let port = hostPart.count > 1 ? Int(hostPart[1]) : 22
    guard let port, (1...65535).contains(port) else { return nil }
    return SSHTarget(host: String(host), port: port, user: String(parts[0]), identityFile: identityFile)
  }
}

/// What a remote command left behind.
public struct SSHExecResult: Sendable, Equatable {
  public var exitStatus: Int32
  public var standardOutput: [UInt8]
  public var standardError: [UInt8]

  /// Creates a result.
  public init(exitStatus: Int32, standardOutput: [UInt8], standardError: [UInt8]) {
    self.exitStatus = exitStatus
    self.standardOutput = standardOutput
    self.standardError = standardError
  }

  /// Standard output as text.
  public var output: String { String(decoding: standardOutput, as: UTF8.self) }
  /// Standard error as text.
  public var errors: String { String(decoding: standardError, as: UTF8.self) }
}

/// Why an SSH operation failed.
public enum SSHError: Error, Sendable, Equatable, CustomStringConvertible {
  /// No connection to host:port within the timeout (exit 3).
  case unreachable(host: String, port: Int, reason: String)
  /// The server's host key is not the one pinned at first use: refuse, and say both.
  case hostKeyChanged(host: String, expected: String, actual: String)
  /// The key was refused, or needs a passphrase that cannot be asked for.
  case authenticationFailed(user: String, host: String, reason: String)
  /// The connection broke or an operation failed on it.
  case failed(String)
  /// An operation went silent for longer than allowed.
  case timedOut(String)

  public var description: String {
    switch self {
    case .unreachable(let host, let port, let reason): return "cannot reach \(host):\(port) over SSH: \(reason)"
    case .hostKeyChanged(let host, let expected, let actual):
      return "the host key of \(host) changed: pinned \(expected), offered \(actual); if the server was rebuilt, remove its line from Landfall's known_hosts"
    case .authenticationFailed(let user, let host, let reason): return "SSH login as \(user)@\(host) failed: \(reason)"
    case .failed(let reason): return "SSH: \(reason)"
    case .timedOut(let what): return "SSH: \(what) timed out"
    }
  }
}

/// An open SSH connection.
///
/// Live: `LibSSH2Session` (LandfallTransport). Fake: `FakeHost` (LandfallFakes).
public protocol SSHSession: Sendable {
  /// Runs `command` with `input` on its standard input and collects its output and exit status.
  func exec(_ command: String, input: [UInt8]) async throws(SSHError) -> SSHExecResult
  /// Writes `data` to `path` on the server with `mode`, over SFTP.
  func upload(_ data: [UInt8], to path: String, mode: Int32) async throws(SSHError)
  /// Reads the file at `path` on the server, over SFTP.
  func download(_ path: String) async throws(SSHError) -> [UInt8]
  /// Runs `command`, pulling standard input from `input` until it returns `nil` and handing each
  /// piece of output to `onOutput` (`true` for standard error) as it arrives; returns the status.
  func stream(
    _ command: String, input: @escaping @Sendable () -> [UInt8]?, onOutput: @escaping @Sendable ([UInt8], Bool) -> Void
  ) async throws(SSHError) -> Int32
  /// Writes `data` to `path` over SFTP, reporting bytes sent so far and the total.
  func upload(_ data: [UInt8], to path: String, mode: Int32, progress: @escaping @Sendable (Int, Int) -> Void) async throws(SSHError)
  /// Closes the connection.
  func close() async
}

extension SSHSession {
  /// For sessions that cannot stream: collects the input, runs, then hands over the output once.
  public func stream(
    _ command: String, input: @escaping @Sendable () -> [UInt8]?, onOutput: @escaping @Sendable ([UInt8], Bool) -> Void
  ) async throws(SSHError) -> Int32 {
    var bytes: [UInt8] = []
    while let chunk = input() { bytes += chunk }
    let result = try await exec(command, input: bytes)
    if !result.standardOutput.isEmpty { onOutput(result.standardOutput, false) }
    if !result.standardError.isEmpty { onOutput(result.standardError, true) }
    return result.exitStatus
  }

  /// For sessions without progress: uploads, then reports completion.
  public func upload(_ data: [UInt8], to path: String, mode: Int32, progress: @escaping @Sendable (Int, Int) -> Void) async throws(SSHError) {
    try await upload(data, to: path, mode: mode)
    progress(data.count, data.count)
  }
}

/// Opens SSH connections.
public protocol SSHConnector: Sendable {
  /// Connects, checks the host key against the pinned one, and logs in.
  func connect(to target: SSHTarget) async throws(SSHError) -> any SSHSession
  /// The key the server offers and how it compares with the pinned one, without logging in or
  /// pinning anything.
  func hostKey(of target: SSHTarget) async throws(SSHError) -> SSHHostKey
}

/// A server's host key as offered before login.
public struct SSHHostKey: Sendable, Equatable {
  /// How the offered key compares with what is pinned for the server.
  public enum Standing: Sendable, Equatable {
    case firstUse
    case matches
    case changed(pinned: String)
  }

  public var type: String
  public var fingerprint: String
  public var standing: Standing

  /// Creates a host key.
  public init(type: String, fingerprint: String, standing: Standing) {
    self.type = type
    self.fingerprint = fingerprint
    self.standing = standing
  }

  /// What a person approving a first login should read.
  public var description: String {
    switch standing {
    case .firstUse:
      return "first connection to this server: its host key is \(type) \(fingerprint); approving pins exactly this key (compare it with the VM's console if you can)"
    case .matches: return "the server's host key \(type) \(fingerprint) matches the one pinned"
    case .changed(let pinned):
      return "the server's host key CHANGED: pinned \(pinned), now offered \(fingerprint); the connection will be refused"
    }
  }
}
