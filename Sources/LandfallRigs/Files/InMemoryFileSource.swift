public import LandfallCore

/// A `FileSource` over a dictionary of paths to contents; directories are implied by the paths.
public struct InMemoryFileSource: FileSource {
  private let files: [String: String]

  /// A source holding `files` (path to text).
  public init(_ files: [String: String]) {
    var normalized: [String: String] = [:]
    for (path, text) in files { normalized[Path.normalize(path)] = text }
    self.files = normalized
  }

  public func text(at path: String) throws(FileSourceError) -> String {
    let key = Path.normalize(path)
    if let text = files[key] { return text }
    if kind(at: key) == .directory { throw .unreadable(path: path, reason: "it is a directory") }
    throw .missing(path: path)
  }

  public func kind(at path: String) -> FileKind? {
    let key = Path.normalize(path)
    if files[key] != nil { return .file }
    let prefix = key == "." ? "" : key + "/"
    return files.keys.contains { $0.hasPrefix(prefix) } ? .directory : nil
  }

  public func names(in directory: String) -> [String] {
    let key = Path.normalize(directory)
    let prefix = key == "." ? "" : key + "/"
    let names = files.keys.filter { $0.hasPrefix(prefix) }.compactMap {
      $0.dropFirst(prefix.count).split(separator: "/").first.map(String.init)
    }
    return Set(names).sorted()
  }
}
