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

  /// The chunk size a pump uses unless told otherwise: a chunk and its output stay small beside
  /// the index of a large vault, so both stay in the core's cache.
  public static let defaultChunkSize = 1 << 17

  /// A pump for `redactor` handling `chunkSize` new bytes at a time.
  public init(_ redactor: Redactor, chunkSize: Int = defaultChunkSize) {
    self.redactor = redactor
    self.chunkSize = Self.clamped(chunkSize)
  }

  private static func clamped(_ chunkSize: Int) -> Int { min(max(chunkSize, 1), 1 << 30) }

  /// Reads with `read` until it returns 0 and hands the redacted bytes to `write` in order.
  /// `read` fills the buffer it is given and returns how many bytes it wrote.
  public func run(
    read: (UnsafeMutableRawBufferPointer) throws -> Int, write: (UnsafeRawBufferPointer) throws -> Void
  ) throws {
    var ahead = ReadAhead(capacity: 0)
    try run(after: &ahead, read: read, write: write)
  }

  /// `run` for a redactor that `build` makes on another core meanwhile. Until it is ready, up to
  /// `readAhead` bytes of input are read and scanned for credential shapes, which need no vault,
  /// so a large vault's set-up overlaps the input's first megabytes instead of delaying them.
  /// Nothing is written before the redactor is ready. `readAhead` is capped at 1 GiB.
  public static func run(
    building build: @escaping @Sendable () -> Redactor, chunkSize: Int = defaultChunkSize, readAhead: Int = 16 << 20,
    read: (UnsafeMutableRawBufferPointer) throws -> Int, write: (UnsafeRawBufferPointer) throws -> Void
  ) throws {
    let chunkSize = clamped(chunkSize)
    let readAhead = min(max(0, readAhead), 1 << 30)
    let building = BackgroundValue(build)
    var ahead = ReadAhead(capacity: readAhead + chunkSize + 2 * CredentialShapes.horizon)
    while !building.isReady, !ahead.ended, ahead.filled < readAhead {
      try ahead.fill(upTo: min(ahead.filled + chunkSize, readAhead), read)
      ahead.scanShapes()
    }
    try RedactingPump(building.value, chunkSize: chunkSize).run(after: &ahead, read: read, write: write)
  }

  /// The stream loop, starting with what `ahead` read and scanned already.
  private func run(
    after ahead: inout ReadAhead, read: (UnsafeMutableRawBufferPointer) throws -> Int, write: (UnsafeRawBufferPointer) throws -> Void
  ) throws {
    let overlap = redactor.holdBack
    let steadyCapacity = Self.lookBehind + chunkSize + overlap
    if ahead.capacity < max(steadyCapacity, ahead.filled + overlap) { ahead.grow(to: max(steadyCapacity, ahead.filled + overlap + chunkSize)) }
    ahead.orderShapesFound()
    let buffer = ahead.buffer
    var output: [UInt8] = []
    output.reserveCapacity(chunkSize + overlap + 4096)
    var pending = 0
    var covered = 0
    while true {
      if !ahead.ended, ahead.filled - pending < chunkSize + overlap {
        let keep = max(0, pending - Self.lookBehind)
        ahead.drop(keep)
        pending -= keep
        covered -= keep
        try ahead.fill(upTo: max(steadyCapacity, ahead.filled + chunkSize + overlap), read)
      }
      let rest = ahead.filled - pending
      let limit = ahead.ended && rest <= chunkSize + overlap ? ahead.filled : pending + min(chunkSize, rest - overlap)
      guard limit > pending else { break }
      let text = UnsafeBufferPointer(rebasing: buffer[0..<ahead.filled])
      var spans = redactor.spans(
        in: text, starting: pending..<limit, shapesFound: ahead.takeShapes(before: limit), shapesFrom: ahead.scanned,
        resuming: &ahead.shapes)
      ahead.scanned = max(ahead.scanned, limit)
      if covered > pending { spans = Self.joining(spans, toTheRestOf: pending..<covered) }
      output.removeAll(keepingCapacity: true)
      redactor.write(text, pending..<limit, spans, into: &output)
      try output.withUnsafeBytes { if !$0.isEmpty { try write($0) } }
      covered = max(limit, spans.last?.end ?? limit)
      pending = limit
    }
  }

  /// `spans` (in order, none overlapping) after a span over `rest`, whose marker was written
  /// with the chunk before; the spans that start inside `rest` are joined to it.
  private static func joining(_ spans: [Redactor.Span], toTheRestOf rest: Range<Int>) -> [Redactor.Span] {
    Redactor.joiningOverlaps([Redactor.Span(start: rest.lowerBound, end: rest.upperBound, marker: Redactor.Span.continued, label: "")] + spans)
  }
}
