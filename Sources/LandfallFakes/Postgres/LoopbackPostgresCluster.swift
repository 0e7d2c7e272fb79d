import Foundation
import LandfallCore

/// A throwaway PostgreSQL cluster (Debian's `initdb`/`pg_ctl`) on 127.0.0.1 in a temporary
/// folder, trusting local logins as `postgres`, for tests and benchmarks. As root it runs as the
/// `postgres` system user, since PostgreSQL refuses to run as root.
public final class LoopbackPostgresCluster: @unchecked Sendable {
  /// Why the cluster could not be started.
  public struct StartError: Error, CustomStringConvertible {
    public var description: String
  }

  public let directory: String
  public let port: Int
  public let binaries: String
  private var running = true

  /// The directory of the newest installed PostgreSQL's programs, if any.
  public static var installedBinaries: String? {
    let root = "/usr/lib/postgresql"
    let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted()
    return versions.reversed().map { "\(root)/\($0)/bin" }.first { FileManager.default.isExecutableFile(atPath: $0 + "/initdb") }
  }

  /// Initialises and starts a cluster; `settings` are extra `postgres -c` options.
  public init(settings: [String: String] = ["fsync": "off", "full_page_writes": "off"]) throws {
    guard let binaries = Self.installedBinaries else {
      throw StartError(description: "PostgreSQL is not installed (Debian: apt-get install postgresql)")
    }
    self.binaries = binaries
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("landfall-pg-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
    directory = base
    if getuid() == 0 {
      guard let account = getpwnam("postgres") else {
        throw StartError(description: "running as root needs the postgres system user (installed by Debian's postgresql package)")
      }
      try FileManager.default.setAttributes(
        [.ownerAccountID: Int(account.pointee.pw_uid), .groupOwnerAccountID: Int(account.pointee.pw_gid), .posixPermissions: 0o700],
        ofItemAtPath: base)
    }
    Self.stopWhenThisProcessDies(binaries: binaries, directory: base)
    port = try LoopbackSocket.freePort()
    try Self.runAsOwner(binaries + "/initdb", ["-D", base + "/data", "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "-N"])
    var options = ["-p \(port)", "-k \(base)", "-c listen_addresses=127.0.0.1"]
    options += settings.sorted { $0.key < $1.key }.map { "-c \($0.key)=\($0.value)" }
    try Self.runAsOwner(binaries + "/pg_ctl", ["-D", base + "/data", "-l", base + "/server.log", "-o", options.joined(separator: " "), "-w", "-t", "60", "start"])
  }

  /// Leaves a small watcher behind that stops the server and removes its folder once this
  /// process is gone, however it ended (a `kill -9` included), so no server outlives its owner.
  private static func stopWhenThisProcessDies(binaries: String, directory: String) {
    let owner = getuid() == 0 ? "/usr/sbin/runuser -u postgres -- " : ""
    let script = """
      alive() { kill -0 "$1" 2>/dev/null && [ "$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)" != Z ]; }
      while alive "$1"; do sleep 1; done
      if [ -d "$2/data" ]; then \(owner)"$3/pg_ctl" -D "$2/data" -m immediate -w stop >/dev/null 2>&1; fi
      rm -rf "$2"
      """
    _ = try? DetachedProcess.spawn("/bin/sh", ["-c", script, "sh", String(getpid()), directory, binaries], ownProcessGroup: true)
  }

  /// `postgres://postgres@127.0.0.1:PORT/DATABASE`.
  public func url(_ database: String = "postgres") -> String {
    "postgres://postgres@127.0.0.1:\(port)/\(database)"
  }

  /// Creates an empty database.
  public func createDatabase(_ name: String) throws {
    try psql("postgres", "CREATE DATABASE \"\(name)\"")
  }

  /// Runs SQL with psql (stopping at the first error) and returns what it printed, unaligned.
  @discardableResult
  public func psql(_ database: String, _ sql: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binaries + "/psql")
    process.arguments = ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", database]
    let input = Pipe()
    let output = Pipe()
    let errors = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = errors
    try process.runWithSignalsDelivered()
    let writer = Thread { try? input.fileHandleForWriting.write(contentsOf: Data(sql.utf8)); try? input.fileHandleForWriting.close() }
    writer.start()
    let errorText = HandOff()
    let drain = Thread { errorText.value = errors.fileHandleForReading.readAllSurvivingInterrupts() }
    drain.start()
    let out = output.fileHandleForReading.readAllSurvivingInterrupts()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw StartError(description: "psql failed: \(String(decoding: errorText.wait(), as: UTF8.self))")
    }
    return String(decoding: out, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// Stops the server at once and removes its folder.
  public func stop() {
    guard running else { return }
    running = false
    try? Self.runAsOwner(binaries + "/pg_ctl", ["-D", directory + "/data", "-m", "immediate", "-w", "stop"])
    try? FileManager.default.removeItem(atPath: directory)
  }

  deinit {
    stop()
  }

  /// Runs a server program as the cluster's owner. posix_spawn, not Foundation's Process: the
  /// server it starts outlives it and would keep Process's child watcher waiting.
  private static func runAsOwner(_ program: String, _ arguments: [String]) throws {
    let log = FileManager.default.temporaryDirectory.appendingPathComponent("landfall-pg-\(UUID().uuidString).log").path
    defer { try? FileManager.default.removeItem(atPath: log) }
    let command = getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--", program] + arguments : [program] + arguments
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    DetachedProcess.closeInheritedDescriptors(&actions)
    let argv = command.map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var child: pid_t = 0
    let code = posix_spawn(&child, command[0], &actions, nil, argv, environ)
    guard code == 0 else { throw StartError(description: "cannot start \(command[0]): \(String(cString: strerror(code)))") }
    var status: Int32 = 0
    while waitpid(child, &status, 0) == -1 && errno == EINTR {}
    guard status == 0 else {
      let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
      throw StartError(description: "\((program as NSString).lastPathComponent) failed: \(text)")
    }
  }
}

/// Bytes one thread hands to another once.
private final class HandOff: @unchecked Sendable {
  private let done = DispatchSemaphore(value: 0)
  var value = Data() {
    didSet { done.signal() }
  }

  func wait() -> Data {
    done.wait()
    return value
  }
}
