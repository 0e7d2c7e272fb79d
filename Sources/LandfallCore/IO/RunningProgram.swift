import Foundation

/// The executable this process runs, and the programs that ship beside it.
public enum RunningProgram {
  /// The running executable's path, symbolic links resolved (from `/proc/self/exe`, else the
  /// path it was started by).
  public static var path: String {
    let link = URL(fileURLWithPath: "/proc/self/exe")
    guard FileManager.default.fileExists(atPath: link.path) else { return CommandLine.arguments[0] }
    return link.resolvingSymlinksInPath().path
  }

  /// The path `name` has in the running executable's folder (it may not exist).
  public static func sibling(_ name: String) -> String {
    URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(name).path
  }
}
