import Foundation
import LandfallFakes
import Testing

/// A loopback PostgreSQL server outlives the call that started it, so it must hold none of the
/// test process's descriptors: a pipe another test reads would otherwise never end while the
/// server runs, and that test would wait for ever.
@Suite(.ownThreads) struct ClusterDescriptorTests {
  @Test func theServerInheritsNoPipeOfTheProcessThatStartedIt() throws {
    var ends: [Int32] = [0, 0]
    #expect(pipe(&ends) == 0)
    defer {
      close(ends[0])
      close(ends[1])
    }
    let inode = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(ends[1])")
    let cluster = try LoopbackPostgresCluster()
    defer { cluster.stop() }
    let pidLine = try String(contentsOfFile: cluster.directory + "/data/postmaster.pid", encoding: .utf8).split(separator: "\n").first
    let server = try #require(pidLine.map(String.init))
    let descriptors = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(server)/fd")
    #expect(!descriptors.isEmpty, "the server's descriptors are readable")
    let held = descriptors.compactMap { try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(server)/fd/\($0)") }
    #expect(!held.contains(inode), "the server holds \(inode), a pipe of the test process")
  }
}
