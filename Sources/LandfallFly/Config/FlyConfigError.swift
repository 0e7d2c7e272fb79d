public import LandfallModel

/// Why a Fly app's configuration could not be read at all. Each is a usage error (exit 2).
public enum FlyConfigError: Error, Sendable, Equatable, CustomStringConvertible {
  /// No config file where one was expected; lists the places that were tried.
  case notFound(searched: [String], hint: String?)
  /// The file is not valid TOML (or JSON); the error names the file, line and column to fix.
  case invalid(InputError)
  /// The file exists but cannot be read.
  case unreadable(path: String, reason: String)
  /// The file's format is not one Landfall reads.
  case unsupportedFormat(path: String, reason: String)

  public var description: String {
    switch self {
    case .notFound(let searched, let hint):
      let places = searched.joined(separator: ", ")
      return "no Fly config found (looked for \(places))" + (hint.map { "; \($0)" } ?? "")
    case .invalid(let error):
      return error.description
    case .unreadable(let path, let reason):
      return "\(path): cannot read the config (\(reason))"
    case .unsupportedFormat(let path, let reason):
      return "\(path): \(reason)"
    }
  }

}
