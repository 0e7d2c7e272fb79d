public import LandfallCore
import Synchronization

/// A `FileWriter` that keeps what was written in memory, for tests and evals.
public final class RecordingFileWriter: FileWriter {
  /// One write: the path, the text and whether it was made executable.
  public struct Written: Sendable, Equatable {
    public var path: String
    public var text: String
    public var executable: Bool
  }

  private let log = Mutex<[Written]>([])

  /// An empty recorder.
  public init() {}

  /// Every write so far, in order.
  public var writes: [Written] { log.withLock { $0 } }

  public func write(_ text: String, to path: String, executable: Bool) throws(FileWriteError) {
    log.withLock { $0.append(Written(path: path, text: text, executable: executable)) }
  }

  public func create(_ bytes: [UInt8], at path: String, mode: Int) throws(FileWriteError) {
    try log.withLock { (log: inout [Written]) throws(FileWriteError) in
      guard !log.contains(where: { $0.path == path }) else { throw FileWriteError(path: path, reason: "a file is already there") }
      log.append(Written(path: path, text: String(decoding: bytes, as: UTF8.self), executable: mode & 0o111 != 0))
    }
  }
}
