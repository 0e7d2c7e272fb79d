/// The patterns of one length class of a `SampledPatternIndex`, probed every `stride` bytes with
/// a `window`-byte key.
///
/// Every window a probe can land on gets a 32-bit fingerprint. The fingerprint's top bits pick
/// both the filter word and the bucket, so after one counting sort of the fingerprints (first
/// into 256 bins, then each bin by bucket while it sits in cache) the filter, the bucket heads
/// and the entries are all written in order: building the index for tens of thousands of
/// secrets touches memory sequentially, not once at random per window.
struct SampledTier: Sendable {
  let window: Int
  let stride: Int
  private let filterShift: UInt32
  private let bucketShift: UInt32
  private let filter: [UInt64]
  /// Bucket `b` holds `entries[heads[b]..<heads[b + 1]]`.
  private let heads: [UInt32]
  /// A window's fingerprint in the top half, its pattern and offset (`pattern << 6 | offset`)
  /// in the bottom half, grouped by bucket.
  private let entries: [UInt64]

  /// A tier of `members` (indexes into `patterns`, each at least `window` bytes long) searched
  /// with `window`-byte keys, or `nil` when there are none; built on up to `cores` cores.
  init?(members: [Int], window: Int, patterns: PatternSet, cores: Int = 2) {
    guard let shortest = members.map({ patterns.length(of: $0) }).min() else { return nil }
    self.window = window
    let stride = min(shortest - window + 1, 64)
    self.stride = stride
    let total = members.count * stride
    var filterBits = 12
    while 1 << filterBits < total * 8, filterBits < 26 { filterBits += 1 }
    var bucketBits = SampledTierBuilder.binBits
    while 1 << bucketBits < total / 4, bucketBits < 24 { bucketBits += 1 }
    let shape = SampledTierBuilder.Shape(total: total, stride: stride, filterBits: filterBits, bucketBits: bucketBits)
    var entries = [UInt64](unsafeUninitializedCapacity: total) { _, initialized in initialized = total }
    var heads = [UInt32](repeating: 0, count: (1 << bucketBits) + 1)
    var filter = [UInt64](repeating: 0, count: 1 << (filterBits - 6))
    entries.withUnsafeMutableBufferPointer { entries in
      heads.withUnsafeMutableBufferPointer { heads in
        filter.withUnsafeMutableBufferPointer { filter in
          SampledTierBuilder.build(
            members, window: window, patterns: patterns, shape: shape, cores: cores, entries: entries, heads: heads, filter: filter)
        }
      }
    }
    filterShift = shape.filterShift
    bucketShift = shape.bucketShift
    self.filter = filter
    self.heads = heads
    self.entries = entries
  }

  /// The 32-bit fingerprint of a folded window key.
  @inline(__always)
  static func fingerprint(_ key: UInt64) -> UInt32 {
    let spread = key ^ (key >> 29)
    return UInt32(truncatingIfNeeded: (spread &* 0x9E37_79B9_7F4A_7C15) >> 32)
  }

  /// The filter word for a fingerprint and the three bits it sets there (a blocked Bloom filter:
  /// one memory read per probe, three bits to match). The word comes from the fingerprint's top
  /// bits and the bit positions from a second mix of the whole fingerprint, so windows sharing
  /// a word still set different bits.
  @inline(__always)
  static func filterProbe(_ fingerprint: UInt32, shift: UInt32) -> (word: Int, mask: UInt64) {
    let mixed = fingerprint &* 0x2545_F491
    let first = UInt64(mixed >> 26)
    let second = UInt64((mixed >> 20) & 63)
    let third = UInt64((mixed >> 14) & 63)
    return (Int(fingerprint >> shift), 1 << first | 1 << second | 1 << third)
  }

  /// Appends every occurrence of a member that starts in `range` of `text` to `matches`.
  func search(
    _ text: UnsafeRawPointer, count: Int, range: Range<Int>, patterns: UnsafeBufferPointer<UInt8>, offsets: UnsafeBufferPointer<Int>,
    caseFolded: UnsafeBufferPointer<Bool>, into matches: inout [SampledPatternIndex.Match]
  ) {
    let lastProbe = min(count - window, range.upperBound + stride - 1)
    guard range.lowerBound <= lastProbe, let patternBase = patterns.baseAddress else { return }
    filter.withUnsafeBufferPointer { filter in
      guard let filter = filter.baseAddress else { return }
      var probe = range.lowerBound
      while probe <= lastProbe {
        probe =
          window == 8
          ? Self.nextCandidate(text, from: probe, through: lastProbe, stride: stride, filter: filter, shift: filterShift, window: UInt64.self)
          : Self.nextCandidate(text, from: probe, through: lastProbe, stride: stride, filter: filter, shift: filterShift, window: UInt32.self)
        guard probe <= lastProbe else { return }
        let key =
          window == 8
          ? UInt64(littleEndian: text.loadUnaligned(fromByteOffset: probe, as: UInt64.self))
          : UInt64(UInt32(littleEndian: text.loadUnaligned(fromByteOffset: probe, as: UInt32.self)))
        let fingerprint = Self.fingerprint(Fold.key(key))
        let bucket = Int(fingerprint >> bucketShift)
        for index in Int(heads[bucket])..<Int(heads[bucket + 1]) where UInt32(entries[index] >> 32) == fingerprint {
          let slot = UInt32(truncatingIfNeeded: entries[index])
          let start = probe - Int(slot & 63)
          let pattern = Int(slot >> 6)
          let length = offsets[pattern + 1] - offsets[pattern]
          guard start >= range.lowerBound, start < range.upperBound, start + length <= count else { continue }
          let first = patternBase + offsets[pattern]
          if caseFolded[pattern] ? Fold.matches(text + start, first, length) : Self.equal(text + start, first, length) {
            matches.append(SampledPatternIndex.Match(start: start, pattern: pattern))
          }
        }
        probe += stride
      }
    }
  }

  /// The first probe from `probe` through `last` (every `stride` bytes) whose window passes the
  /// filter, or a position past `last`. The loop keeps everything in registers: the probe, the
  /// text, the filter and its shift.
  @inline(__always)
  private static func nextCandidate<Window: FixedWidthInteger & UnsignedInteger>(
    _ text: UnsafeRawPointer, from probe: Int, through last: Int, stride: Int, filter: UnsafePointer<UInt64>, shift: UInt32,
    window: Window.Type
  ) -> Int {
    var probe = probe
    while probe <= last {
      let key = UInt64(Window(littleEndian: text.loadUnaligned(fromByteOffset: probe, as: Window.self)))
      let bits = filterProbe(fingerprint(Fold.key(key)), shift: shift)
      if filter[bits.word] & bits.mask == bits.mask { return probe }
      probe += stride
    }
    return probe
  }

  @inline(__always)
  static func equal(_ text: UnsafeRawPointer, _ pattern: UnsafePointer<UInt8>, _ length: Int) -> Bool {
    let other = UnsafeRawPointer(pattern)
    var index = 0
    while index + 8 <= length {
      if text.loadUnaligned(fromByteOffset: index, as: UInt64.self) != other.loadUnaligned(fromByteOffset: index, as: UInt64.self) {
        return false
      }
      index += 8
    }
    while index < length {
      if text.load(fromByteOffset: index, as: UInt8.self) != other.load(fromByteOffset: index, as: UInt8.self) { return false }
      index += 1
    }
    return true
  }
}
