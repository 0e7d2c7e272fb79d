public import LandfallModel
internal import LandfallFly

/// A playbook rendered as a shell script for the server.
///
/// The first line names the playbook and its arguments (never secret values), so that a fake
/// host can play its effects; the body does the work on a real one. Every value that came from
/// the model is quoted.
public struct HostScript: Sendable, Equatable {
  public var playbook: String
  public var arguments: JSONValue
  public var body: String

  /// The script text.
  public var text: String {
    "# landfall:\(playbook) \(JSONWriter.string(arguments))\nset -eu\n\(body)\n"
  }

  /// A value quoted for a POSIX shell.
  public static func quote(_ value: String) -> String {
    "'" + value.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
  }

  /// Reads the playbook name and arguments from a script's first line.
  public static func header(of script: String) -> (playbook: String, arguments: JSONValue)? {
    guard script.hasPrefix("# landfall:") else { return nil }
    let line = script.prefix { $0 != "\n" }.dropFirst("# landfall:".count)
    guard let space = line.firstIndex(of: " ") else { return (String(line), .object([])) }
    let arguments = (try? JSONParser.parse(String(line[line.index(after: space)...]))) ?? .object([])
    return (String(line[..<space]), arguments)
  }
}
