public import Foundation
import Glibc

extension FileHandle {
  /// The next bytes on this descriptor, empty at end of file or on an error other than an
  /// interrupted call (which is retried, where Foundation's readers would stop or crash).
  public func nextChunk(upTo limit: Int = 65_536) -> Data {
    var buffer = [UInt8](repeating: 0, count: limit)
    while true {
      let count = buffer.withUnsafeMutableBytes { Glibc.read(fileDescriptor, $0.baseAddress, limit) }
      if count > 0 { return Data(buffer[0..<count]) }
      if count < 0 && errno == EINTR { continue }
      return Data()
    }
  }

  /// Every byte until end of file, retrying interrupted reads.
  public func readAllSurvivingInterrupts() -> Data {
    var data = Data()
    while true {
      let chunk = nextChunk()
      if chunk.isEmpty { return data }
      data.append(chunk)
    }
  }
}

extension FileHandle {
  /// Writes text, dropping it when the reader has gone (a closed pipe, `landfall ... | head`)
  /// instead of stopping the program the way Foundation's `write(_:)` does.
  public func writeText(_ text: String) {
    try? write(contentsOf: Data(text.utf8))
  }
}
