/// Writes files on the person's machine (the offline copy of the data).
///
/// Live: `LocalFileWriter` (LandfallTransport). Tests use it in a temporary folder.
public protocol FileWriter: Sendable {
  /// Writes `bytes` to `path` with `mode`, creating the parent folders; never replaces an existing file.
  func write(_ bytes: [UInt8], to path: String, mode: Int) throws(FileSourceError)
}
