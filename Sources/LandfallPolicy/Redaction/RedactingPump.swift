/// Copies a byte stream through a `Redactor` in fixed-size chunks, so memory stays bounded
/// whatever the input size and no byte that is not a secret is changed.
///
/// Each chunk is searched together with the bytes after it that a secret starting inside the
/// chunk could reach (`Redactor.holdBack`), and with a short stretch before it for the names
/// that `NAME=value` shapes look back at; only spans starting inside the chunk are replaced. A
/// span that runs past the chunk is carried into the next one, so a secret that starts inside
/// it (two values written one into the other) is still found and joined to it, and each shape
/// scan goes on from where it stood, so it skips what it skips in a whole text.
public struct RedactingPump: Sendable {
  private let redactor: Redactor
  private let chunkSize: Int
  private static let lookBehind = 256

  /// A pump for `redactor` handling `chunkSize` new bytes at a time. The default keeps a chunk
  /// and its output small beside the index of a large vault, so both stay in the core's cache.
  public init(_ redactor: Redactor, chunkSize: Int = 1 << 17) {
    self.redactor = redactor
    self.chunkSize = min(max(chunkSize, 1), 1 << 30)
  }

  /// Reads with `read` until it returns 0 and hands the redacted bytes to `write` in order.
  /// `read` fills the buffer it is given and returns how many bytes it wrote.
  public func run(
    read: (UnsafeMutableRawBufferPointer) throws -> Int, write: (UnsafeRawBufferPointer) throws -> Void
  ) throws {
    let overlap = redactor.holdBack
    let capacity = Self.lookBehind + chunkSize + overlap
    let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: capacity)
    defer { buffer.deallocate() }
    var output: [UInt8] = []
    output.reserveCapacity(chunkSize + overlap + 4096)
    var filled = 0
    var pending = 0
    var covered = 0
    var shapes = CredentialShapes.Scan()
    var ended = false
    while !ended {
      while filled < capacity {
        let count = try read(UnsafeMutableRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(buffer)[filled..<capacity]))
        if count <= 0 {
          ended = true
          break
        }
        filled += count
      }
      let limit = ended ? filled : max(pending, filled - overlap)
      let text = UnsafeBufferPointer(rebasing: buffer[0..<filled])
      var spans = redactor.spans(in: text, starting: pending..<limit, resuming: &shapes)
      if covered > pending { spans = Self.joining(spans, toTheRestOf: pending..<covered) }
      output.removeAll(keepingCapacity: true)
      redactor.write(text, pending..<limit, spans, into: &output)
      try output.withUnsafeBytes { if !$0.isEmpty { try write($0) } }
      covered = max(limit, spans.last?.end ?? limit)
      let keep = max(0, limit - Self.lookBehind)
      if keep > 0, let base = buffer.baseAddress {
        base.update(from: base + keep, count: filled - keep)
      }
      filled -= keep
      pending = limit - keep
      covered -= keep
      shapes = shapes.shifted(by: keep)
    }
  }

  /// `spans` (in order, none overlapping) after a span over `rest`, whose marker was written
  /// with the chunk before; the spans that start inside `rest` are joined to it.
  private static func joining(_ spans: [Redactor.Span], toTheRestOf rest: Range<Int>) -> [Redactor.Span] {
    Redactor.joiningOverlaps([Redactor.Span(start: rest.lowerBound, end: rest.upperBound, marker: Redactor.Span.continued, label: "")] + spans)
  }
}
