import Foundation
import LandfallCore
import LandfallFakes

/// A real OpenSSH server (Debian's `sshd`) started on 127.0.0.1 in a temporary folder, with its
/// own host key and an authorized ed25519 and RSA user key, for tests and benchmarks.
public final class LoopbackSSHServer: @unchecked Sendable {
  /// Why the server could not be started.
  public struct StartError: Error, CustomStringConvertible {
    public var description: String
  }

  public let directory: String
  public let port: Int
  public let user: String
  /// The user keys authorised on the server.
  public let ed25519Key: String
  public let rsaKey: String
  // Started with posix_spawn (not Foundation's Process, whose child watcher would block on it);
  // reaped in `stop`.
  private let pid: pid_t
  /// Set once the server was reaped: its pid may then belong to another process.
  private let reaped = OnceFlag()

  /// Starts sshd; `hostKeySeed` picks a fresh host key name so two servers can differ.
  public init(hostKeyName: String = "host_ed25519") throws {
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("landfall-sshd-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
    directory = base
    user = ProcessInfo.processInfo.environment["USER"] ?? (getuid() == 0 ? "root" : NSUserName())
    ed25519Key = base + "/id_ed25519"
    rsaKey = base + "/id_rsa"
    for (type, path) in [("ed25519", base + "/" + hostKeyName), ("ed25519", ed25519Key), ("rsa", rsaKey)] {
      try Self.run("/usr/bin/ssh-keygen", ["-q", "-t", type, "-N", "", "-f", path] + (type == "rsa" ? ["-b", "3072", "-m", "PEM"] : []))
    }
    let authorized = try [ed25519Key, rsaKey].map { try String(contentsOfFile: $0 + ".pub", encoding: .utf8) }.joined()
    try Data(authorized.utf8).write(to: URL(fileURLWithPath: base + "/authorized_keys"))
    port = try Self.freePort()
    let config = """
      Port \(port)
      ListenAddress 127.0.0.1
      HostKey \(base)/\(hostKeyName)
      PidFile \(base)/sshd.pid
      AuthorizedKeysFile \(base)/authorized_keys
      StrictModes no
      UsePAM no
      PasswordAuthentication no
      KbdInteractiveAuthentication no
      PubkeyAuthentication yes
      AllowTcpForwarding yes
      PubkeyAcceptedAlgorithms +ssh-rsa
      Subsystem sftp internal-sftp
      LogLevel ERROR
      """
    try Data(config.utf8).write(to: URL(fileURLWithPath: base + "/sshd_config"))
    if getuid() == 0 { try? FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true) }
    pid = try DetachedProcess.spawn("/usr/sbin/sshd", ["-D", "-e", "-f", base + "/sshd_config"])
    try Self.waitUntilListening(port: port, pid: pid, program: "sshd (is openssh-server installed?)")
  }

  /// Stops the server and drops every open connection (the processes serving them are its children).
  public func stop() {
    guard reaped.claim(), OnceFlag.isUnreapedChild(pid) else { return }
    let killer = Process()
    killer.executableURL = URL(fileURLWithPath: "/usr/bin/pkill")
    killer.arguments = ["-KILL", "-P", String(pid)]
    killer.standardOutput = FileHandle.nullDevice
    killer.standardError = FileHandle.nullDevice
    try? killer.runWithSignalsDelivered()
    killer.waitUntilExit()
    kill(pid, SIGTERM)
    var status: Int32 = 0
    waitpid(pid, &status, 0)
  }

  deinit {
    stop()
  }

  /// Waits up to 5 s until `pid` accepts connections on `port`; fails at once when it exits.
  static func waitUntilListening(port: Int, pid: pid_t, program: String) throws {
    for _ in 0..<100 {
      if LoopbackSocket.accepts(port: port) { return }
      var status: Int32 = 0
      if waitpid(pid, &status, WNOHANG) == pid { throw StartError(description: "\(program) exited at start") }
      usleep(50_000)
    }
    throw StartError(description: "\(program) did not listen on port \(port)")
  }

  /// A port on 127.0.0.1 that nothing listens on right now.
  public static func freePort() throws -> Int {
    try LoopbackSocket.freePort()
  }

  /// Runs a helper program and fails when it does.
  public static func run(_ program: String, _ arguments: [String], quiet: Bool = false) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program)
    process.arguments = arguments
    if quiet {
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
    }
    try process.runWithSignalsDelivered()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw StartError(description: "\(program) \(arguments.joined(separator: " ")) failed")
    }
  }
}
