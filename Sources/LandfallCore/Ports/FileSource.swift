/// Reads the app's files: fly.toml, the Dockerfile, and whatever else the inventory needs.
///
/// Live: `LocalFileSource` (LandfallTransport). Fake: `InMemoryFileSource` (LandfallRigs).
public protocol FileSource: Sendable {
  /// The text of the file at `path`, decoded as UTF-8 (invalid bytes replaced).
  func text(at path: String) throws(FileSourceError) -> String
  /// What is at `path`, if anything.
  func kind(at path: String) -> FileKind?
  /// The names in the directory at `path`, sorted; empty when it cannot be listed.
  func names(in directory: String) -> [String]
}

/// The kind of an entry on disk.
public enum FileKind: Sendable, Equatable {
  case file
  case directory
}

/// Why a file could not be read.
public enum FileSourceError: Error, Sendable, Equatable, CustomStringConvertible {
  /// Nothing is at that path.
  case missing(path: String)
  /// Something is there but cannot be read (a directory, permissions, too large).
  case unreadable(path: String, reason: String)

  public var description: String {
    switch self {
    case .missing(let path): return "\(path): no such file"
    case .unreadable(let path, let reason): return "\(path): cannot be read (\(reason))"
    }
  }
}
