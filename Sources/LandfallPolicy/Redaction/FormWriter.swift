/// Writes one encoded form into a buffer of fixed capacity; bytes past the capacity are counted
/// but not written, and such a form is not used.
struct FormWriter {
  private let buffer: UnsafeMutableBufferPointer<UInt8>
  private var count = 0

  init(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
    self.buffer = buffer
  }

  /// The bytes written, or `nil` when they did not fit.
  var written: UnsafeBufferPointer<UInt8>? {
    count <= buffer.count ? UnsafeBufferPointer(rebasing: buffer[0..<count]) : nil
  }

  @inline(__always)
  mutating func append(_ byte: UInt8) {
    if count < buffer.count { buffer[count] = byte }
    count += 1
  }

  mutating func append(_ first: UInt8, _ second: UInt8) {
    append(first)
    append(second)
  }

  mutating func append(contentsOf bytes: some Sequence<UInt8>) {
    for byte in bytes { append(byte) }
  }

  /// Lets `fill` write at most `limit` bytes straight into the buffer and return how many it
  /// wrote; without room for `limit` more bytes nothing is written and the form is not used.
  @inline(__always)
  mutating func append(atMost limit: Int, _ fill: (UnsafeMutablePointer<UInt8>) -> Int) {
    guard count + limit <= buffer.count, let base = buffer.baseAddress else {
      count = buffer.count + 1
      return
    }
    count += fill(base + count)
  }

  /// The bytes `write` writes into a buffer of `capacity` bytes, or `nil` when they do not fit.
  static func bytes(capacity: Int, _ write: (inout FormWriter) -> Void) -> [UInt8]? {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { scratch in
      var writer = FormWriter(scratch)
      write(&writer)
      return writer.written.map(Array.init)
    }
  }
}
