public import Foundation

/// Fresh temporary folders for tests, all inside one folder per test process that is removed
/// when the process exits, so runs leave nothing behind in the temporary directory.
public enum TestFolders {
  /// The folder holding this process's test folders.
  public static let root: URL = {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("landfall-tests-\(getpid())")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    atexit { try? FileManager.default.removeItem(at: TestFolders.root) }
    return url
  }()

  /// A new empty folder named after `prefix`.
  public static func fresh(_ prefix: String = "test") throws -> URL {
    let url = root.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }
}
