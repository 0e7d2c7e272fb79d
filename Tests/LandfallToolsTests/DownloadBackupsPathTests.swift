import Foundation
import LandfallTestSupport
import LandfallTools
import Testing

/// `download_backups` reads, as root, only what lies outside the places that hold secrets or the
/// system's state, judged on the real path on the VM, so no spelling of a path (`//`, `..`, a
/// link, `/proc/self`) reaches the env file or a process's environment. Played in a real shell.
@Suite(.ownThreads) struct DownloadBackupsPathTests {
  func resolve(_ path: String, test: String = "-f") throws -> CapturedRun {
    let script = "privileged() { \"$@\"; }\n" + DownloadBackupsTool.resolve(path, as: "found", test: test) + "\necho \"$found\""
    return try CapturedRun("/bin/sh", ["-c", script])
  }

  @Test func protectedPlacesAreRefusedWhateverTheSpelling() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("backups-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let link = directory.appendingPathComponent("innocent.dump").path
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/etc/passwd")
    for path in ["/etc//passwd", "/etc/../etc/passwd", "/proc/1/environ", "/proc/1/../1/environ", link] {
      #expect(try resolve(path).status == 5, "\(path)")
    }
    #expect(try resolve("/", test: "-d").status == 5)
    #expect(try resolve(directory.path + "/missing.dump").status == 3)
    let dump = directory.appendingPathComponent("final.dump")
    try Data("PGDMP".utf8).write(to: dump)
    let found = try resolve(dump.path + "/../final.dump")
    #expect(found.status == 3, "a path through a file is no path")
    let plain = try resolve(directory.path + "//final.dump")
    #expect(plain.status == 0)
    #expect(plain.output.hasSuffix("/final.dump\n") && !plain.output.contains("//"), "\(plain.output)")
  }

  @Test func aPathIsNeverRunAsShell() throws {
    let marker = FileManager.default.temporaryDirectory.appendingPathComponent("ran-\(UUID().uuidString)").path
    for path in ["/nowhere/$(touch \(marker))", "/nowhere/`touch \(marker)`", "/etc/$(touch \(marker))/passwd"] {
      #expect(try resolve(path).status == 3, "\(path)")
    }
    #expect(!FileManager.default.fileExists(atPath: marker), "a path in a message ran as a command")
  }
}
