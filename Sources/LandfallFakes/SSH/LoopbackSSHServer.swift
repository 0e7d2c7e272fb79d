import Foundation
import LandfallCore

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
    pid = try Self.spawn("/usr/sbin/sshd", ["-D", "-e", "-f", base + "/sshd_config"])
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

  /// Starts a server program with no inherited descriptors beyond /dev/null and no blocked signals.
  static func spawn(_ program: String, _ arguments: [String]) throws -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    for descriptor in [Int32(0), 1, 2] {
      posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY, 0)
    }
    if let closeFrom = Self.closeFrom { _ = closeFrom(&actions, 3) }
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var noSignals = sigset_t()
    sigemptyset(&noSignals)
    posix_spawnattr_setsigmask(&attributes, &noSignals)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
    let argv = ([program] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var child: pid_t = 0
    let code = posix_spawn(&child, program, &actions, &attributes, argv, environ)
    guard code == 0 else { throw StartError(description: "cannot start \(program): \(String(cString: strerror(code)))") }
    return child
  }

  private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

  /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), which the Swift
  /// module does not import, so a server does not hold the test's other pipes open.
  private static let closeFrom: CloseFrom? = {
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return nil }
    return unsafeBitCast(symbol, to: CloseFrom.self)
  }()

  /// A port on 127.0.0.1 that nothing listens on right now.
  public static func freePort() throws -> Int {
    let (descriptor, port) = try LoopbackSocket.bound()
    close(descriptor)
    return port
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
