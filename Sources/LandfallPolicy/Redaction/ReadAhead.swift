/// The buffer of a `RedactingPump`: input read but not yet written, with the credential shapes
/// already found in it and where their scans stand. It owns its buffer, so it is never copied.
struct ReadAhead: ~Copyable {
  private(set) var buffer: UnsafeMutableBufferPointer<UInt8>
  private(set) var filled = 0
  private(set) var ended = false
  /// Where the shape scans stand; shapes starting before `scanned` are in `found` or written.
  var shapes = CredentialShapes.Scan()
  var scanned = 0
  private var found: [CredentialShapes.Finding] = []
  /// `found[..<taken]` were handed out already.
  private var taken = 0

  init(capacity: Int) {
    buffer = .allocate(capacity: max(0, capacity))
  }

  var capacity: Int { buffer.count }

  /// Reads with `read` until `target` bytes (at most the capacity) are held or the input ends.
  mutating func fill(upTo target: Int, _ read: (UnsafeMutableRawBufferPointer) throws -> Int) throws {
    let target = min(target, buffer.count)
    while !ended, filled < target {
      let count = try read(UnsafeMutableRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(buffer)[filled..<target]))
      if count <= 0 {
        ended = true
      } else {
        filled += min(count, target - filled)
      }
    }
  }

  /// Scans for shapes as far as the bytes held let a shape be seen whole.
  mutating func scanShapes() {
    let end = ended ? filled : filled - CredentialShapes.horizon
    guard end > scanned else { return }
    CredentialShapes.find(UnsafeBufferPointer(rebasing: buffer[0..<filled]), starting: scanned..<end, resuming: &shapes, into: &found)
    scanned = end
  }

  /// Sorts the shapes found ahead by where they start, once reading ahead is over, so that
  /// `takeShapes` hands them out from the front.
  mutating func orderShapesFound() {
    found.sort { $0.start < $1.start }
  }

  /// The shapes found ahead that start before `limit`, taken out (after `orderShapesFound`).
  mutating func takeShapes(before limit: Int) -> [CredentialShapes.Finding] {
    let first = taken
    while taken < found.count, found[taken].start < limit { taken += 1 }
    let shapes = Array(found[first..<taken])
    if taken == found.count, taken > 0 {
      found.removeAll()
      taken = 0
    }
    return shapes
  }

  /// Forgets the first `count` bytes; every position held moves down by `count`.
  mutating func drop(_ count: Int) {
    guard count > 0, let base = buffer.baseAddress else { return }
    base.update(from: base + count, count: filled - count)
    filled -= count
    scanned = max(0, scanned - count)
    shapes = shapes.shifted(by: count)
    for index in found.indices.dropFirst(taken) {
      found[index].start -= count
      found[index].end -= count
    }
  }

  /// Moves what is held into a buffer of `capacity` bytes.
  mutating func grow(to capacity: Int) {
    let larger = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: capacity)
    if let source = buffer.baseAddress, let target = larger.baseAddress { target.update(from: source, count: filled) }
    buffer.deallocate()
    buffer = larger
  }

  deinit {
    buffer.deallocate()
  }
}
