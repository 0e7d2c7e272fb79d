import Foundation
import LandfallCore

/// Ties a background program to the life of the process that started it: a small watcher ends
/// the program (SIGTERM, then SIGKILL two seconds later) and removes its log once the owner is
/// gone, however the owner ended, `kill -9` included. A background program that outlived a
/// killed Landfall would keep a tunnel to the user's database open with nobody to close it.
///
/// Both processes are recognised by their start time as well as their id, so a recycled id is
/// never mistaken for either; the watcher leaves on its own once the program has ended.
public enum ProcessLifeline {
  /// The watcher, as a POSIX shell script: `$1` the owner and `$2` its start time, `$3` the
  /// program and `$4` its start time, `$5` a file to remove (or empty).
  private static let script = """
    started() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f20; }
    state() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1; }
    while [ "$(started "$3")" = "$4" ]; do
      if [ "$(started "$1")" != "$2" ] || [ "$(state "$1")" = Z ]; then
        [ -n "$5" ] && rm -f "$5"
        kill "$3" 2>/dev/null
        sleep 2
        [ "$(started "$3")" = "$4" ] && [ "$(state "$3")" != Z ] && kill -9 "$3" 2>/dev/null
        exit 0
      fi
      sleep 1
    done
    """

  /// The start time of process `pid` in clock ticks since boot (field 22 of `/proc/PID/stat`),
  /// or nil when there is no such process.
  static func startTime(of pid: Int32) -> String? {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
      let afterName = stat.range(of: ") ", options: .backwards)
    else { return nil }
    let fields = stat[afterName.upperBound...].split(separator: " ")
    return fields.count > 19 ? String(fields[19]) : nil
  }

  /// Starts the watcher for process `program` on behalf of process `owner` (this process when
  /// nil); it runs detached, so nothing waits for it. Returns false when it could not be started.
  @discardableResult
  public static func tie(_ program: Int32, to owner: Int32? = nil, removing file: String? = nil) -> Bool {
    let owner = owner ?? getpid()
    guard let ownerStarted = startTime(of: owner), let programStarted = startTime(of: program) else { return false }
    let detached = "(\(script)\n) &"
    let arguments = ["-c", detached, "landfall-lifeline", String(owner), ownerStarted, String(program), programStarted, file ?? ""]
    guard let shell = try? DetachedProcess.spawn("/bin/sh", arguments, ownProcessGroup: true) else { return false }
    var status: Int32 = 0
    while waitpid(shell, &status, 0) == -1, errno == EINTR {}
    return status == 0
  }
}
