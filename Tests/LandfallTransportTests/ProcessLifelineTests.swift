import Foundation
import LandfallCore
import LandfallTestSupport
import LandfallTransport
import Testing

@Suite(.ownThreads) struct ProcessLifelineTests {
  @Test func aProgramEndsSoonAfterItsOwnerIsKilledAndItsLogGoes() async throws {
    let owner = try Self.spawnSleeper()
    let program = try Self.spawnSleeper()
    let log = try Self.temporaryFile()
    defer { Self.end(owner, program) }
    #expect(ProcessLifeline.tie(program, to: owner, removing: log))
    kill(owner, SIGKILL)
    #expect(Self.reaped(owner, within: .seconds(5)) != nil)
    let status = Self.reaped(program, within: .seconds(8))
    #expect(status.map { $0 & 0x7F } == SIGTERM, "the program was ended by the watcher's SIGTERM")
    #expect(!FileManager.default.fileExists(atPath: log), "the program's log is removed with it")
  }

  @Test func aProgramWhoseOwnerLivesKeepsRunningAndItsWatcherLeavesWithIt() async throws {
    let owner = try Self.spawnSleeper()
    let program = try Self.spawnSleeper()
    let log = try Self.temporaryFile()
    defer {
      Self.end(owner, program)
      try? FileManager.default.removeItem(atPath: log)
    }
    #expect(ProcessLifeline.tie(program, to: owner, removing: log))
    #expect(Self.reaped(program, within: .milliseconds(2500)) == nil, "nothing ends a program whose owner is alive")
    kill(program, SIGKILL)
    #expect(Self.reaped(program, within: .seconds(5)) != nil)
    kill(owner, SIGKILL)
    #expect(Self.reaped(owner, within: .seconds(5)) != nil)
    try await Task.sleep(for: .milliseconds(1500))
    #expect(FileManager.default.fileExists(atPath: log), "a watcher whose program ended on its own left without touching anything")
  }

  @Test func onlyRunningProcessesCanBeTied() async throws {
    let program = try Self.spawnSleeper()
    defer { Self.end(program) }
    #expect(!ProcessLifeline.tie(program, to: 999_999_999), "an owner that is not running cannot be watched")
    #expect(!ProcessLifeline.tie(999_999_999), "nor can a program that is not running")
    #expect(Self.reaped(program, within: .milliseconds(1500)) == nil)
  }

  /// Starts `sleep 60` with default signal handling.
  private static func spawnSleeper() throws -> pid_t {
    try DetachedProcess.spawn("/bin/sleep", ["60"])
  }

  /// The wait status once `pid` has ended and been reaped, or nil when it still runs at `limit`.
  private static func reaped(_ pid: pid_t, within limit: Duration) -> Int32? {
    let deadline = ContinuousClock.now + limit
    var status: Int32 = 0
    repeat {
      if waitpid(pid, &status, WNOHANG) == pid { return status }
      usleep(50_000)
    } while ContinuousClock.now < deadline
    return nil
  }

  private static func end(_ pids: pid_t...) {
    for pid in pids {
      kill(pid, SIGKILL)
      waitpid(pid, nil, WNOHANG)
    }
  }

  private static func temporaryFile() throws -> String {
    let path = try TestFolders.fresh("lifeline").appendingPathComponent("program.log").path
    try #require(FileManager.default.createFile(atPath: path, contents: Data("log".utf8)))
    return path
  }
}
