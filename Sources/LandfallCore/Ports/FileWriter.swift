/// Writes files on this machine: the deploy script in the app's repository, the offline copy of
/// the data.
///
/// Live: `LocalFileWriter` (LandfallTransport). Fake: `RecordingFileWriter` (LandfallFakes).
public protocol FileWriter: Sendable {
  /// Replaces the file at `path` with `text` (atomically where the disk allows), creating missing
  /// folders; `executable` gives it mode 0755, else 0644.
  func write(_ text: String, to path: String, executable: Bool) throws(FileWriteError)
  /// Creates `path` with `bytes` and `mode`, creating missing folders; an existing file is never
  /// replaced (that is an error).
  func create(_ bytes: [UInt8], at path: String, mode: Int) throws(FileWriteError)
}

/// Why a file could not be written.
public struct FileWriteError: Error, Sendable, Equatable, CustomStringConvertible {
  public var path: String
  public var reason: String

  /// Creates an error for `path`.
  public init(path: String, reason: String) {
    self.path = path
    self.reason = reason
  }

  public var description: String { "\(path): cannot be written (\(reason))" }
}
