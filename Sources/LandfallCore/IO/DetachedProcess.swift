import Foundation
package import Glibc

/// Starts programs detached from this process's descriptors and signals: background watchers
/// (`ProcessLifeline`, the loopback PostgreSQL's) and the servers behind the test rigs (sshd,
/// nginx, pebble). Nothing is inherited beyond /dev/null, no signal is blocked, and SIGINT,
/// SIGPIPE and SIGTERM are back to their defaults (Landfall ignores the first two).
package enum DetachedProcess {
  /// Why a server program could not be started.
  package struct StartError: Error, CustomStringConvertible {
    package var description: String
  }

  /// Starts `program` and returns its process id; with `ownProcessGroup` it leads a group of
  /// its own, so a Ctrl-C at the terminal does not reach it.
  package static func spawn(_ program: String, _ arguments: [String], ownProcessGroup: Bool = false) throws -> Int32 {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    for descriptor in [Int32(0), 1, 2] {
      posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY, 0)
    }
    closeInheritedDescriptors(&actions)
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var noSignals = sigset_t()
    sigemptyset(&noSignals)
    posix_spawnattr_setsigmask(&attributes, &noSignals)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for signal in [SIGINT, SIGPIPE, SIGTERM] { sigaddset(&defaults, signal) }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    var flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
    if ownProcessGroup {
      flags |= POSIX_SPAWN_SETPGROUP
      posix_spawnattr_setpgroup(&attributes, 0)
    }
    posix_spawnattr_setflags(&attributes, Int16(flags))
    let argv = ([program] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var child: pid_t = 0
    let code = posix_spawn(&child, program, &actions, &attributes, argv, environ)
    guard code == 0 else { throw StartError(description: "cannot start \(program): \(String(cString: strerror(code)))") }
    return child
  }

  /// Adds to `actions` the closing of every descriptor above standard error, so a spawned
  /// program (and any daemon it leaves behind) holds none of this process's pipes open: a pipe
  /// another thread reads would otherwise never reach its end.
  package static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
    if let closeFrom { _ = closeFrom(&actions, 3) }
  }

  private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

  /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), which the Swift
  /// module does not import, so a detached program does not hold this process's pipes open.
  private static let closeFrom: CloseFrom? = {
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return nil }
    return unsafeBitCast(symbol, to: CloseFrom.self)
  }()
}
