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

  private static let binBits = 8

  /// A tier of `members` (indexes into `patterns`, each at least `window` bytes long) searched
  /// with `window`-byte keys, or `nil` when there are none.
  init?(members: [Int], window: Int, patterns: PatternSet) {
    guard let shortest = members.map({ patterns.length(of: $0) }).min() else { return nil }
    self.window = window
    let stride = min(shortest - window + 1, 64)
    self.stride = stride
    let total = members.count * stride
    var filterBits = 12
    while 1 << filterBits < total * 8, filterBits < 26 { filterBits += 1 }
    var bucketBits = Self.binBits
    while 1 << bucketBits < total / 4, bucketBits < 24 { bucketBits += 1 }
    let filterShift = UInt32(32 - (filterBits - 6))
    let bucketShift = UInt32(32 - bucketBits)

    let binCount = 1 << Self.binBits
    var entries = [UInt64](unsafeUninitializedCapacity: total) { _, initialized in initialized = total }
    var heads = [UInt32](repeating: 0, count: (1 << bucketBits) + 1)
    var filter = [UInt64](repeating: 0, count: 1 << (filterBits - 6))
    let binStarts = UnsafeMutableBufferPointer<Int>.allocate(capacity: binCount + 1)
    defer { binStarts.deallocate() }
    entries.withUnsafeMutableBufferPointer { entries in
      guard let entries = entries.baseAddress, let binStarts = binStarts.baseAddress else { return }
      if window == 8 {
        Self.sortIntoBins(members, stride: stride, patterns: patterns, key: UInt64.self, binStarts: binStarts, entries: entries)
      } else {
        Self.sortIntoBins(members, stride: stride, patterns: patterns, key: UInt32.self, binStarts: binStarts, entries: entries)
      }
      let largestBin = (0..<binCount).map { binStarts[$0 + 1] - binStarts[$0] }.max() ?? 0
      let scratch = UnsafeMutablePointer<UInt64>.allocate(capacity: max(largestBin, 1))
      defer { scratch.deallocate() }
      heads.withUnsafeMutableBufferPointer { heads in
        filter.withUnsafeMutableBufferPointer { filter in
          guard let heads = heads.baseAddress, let filter = filter.baseAddress else { return }
          let bucketsPerBin = 1 << (bucketBits - Self.binBits)
          for bin in 0..<binCount {
            let start = binStarts[bin]
            let count = binStarts[bin + 1] &- start
            let firstBucket = bin &* bucketsPerBin
            for position in 0..<count {
              let entry = entries[start &+ position]
              scratch[position] = entry
              heads[Int(UInt32(truncatingIfNeeded: entry >> 32) >> bucketShift)] &+= 1
            }
            var end = UInt32(truncatingIfNeeded: start)
            for bucket in firstBucket..<(firstBucket &+ bucketsPerBin) {
              end &+= heads[bucket]
              heads[bucket] = end
            }
            for position in 0..<count {
              let entry = scratch[position]
              let fingerprint = UInt32(truncatingIfNeeded: entry >> 32)
              let bucket = Int(fingerprint >> bucketShift)
              heads[bucket] &-= 1
              entries[Int(heads[bucket])] = entry
              let bits = Self.filterProbe(fingerprint, shift: filterShift)
              filter[bits.word] |= bits.mask
            }
          }
          heads[1 << bucketBits] = UInt32(total)
        }
      }
    }
    self.filterShift = filterShift
    self.bucketShift = bucketShift
    self.filter = filter
    self.heads = heads
    self.entries = entries
  }

  /// Writes every window a probe can land on (for each member, the `stride` windows starting at
  /// its first `stride` bytes) into `entries` as `fingerprint << 32 | pattern << 6 | offset`,
  /// grouped by the fingerprint's top byte; bin `b` ends up at `binStarts[b]..<binStarts[b + 1]`.
  private static func sortIntoBins<Key: FixedWidthInteger & UnsignedInteger>(
    _ members: [Int], stride: Int, patterns: PatternSet, key _: Key.Type, binStarts: UnsafeMutablePointer<Int>,
    entries: UnsafeMutablePointer<UInt64>
  ) {
    let binCount = 1 << binBits
    let binShift = UInt32(32 - binBits)
    let next = UnsafeMutablePointer<Int>.allocate(capacity: binCount)
    defer { next.deallocate() }
    next.initialize(repeating: 0, count: binCount)
    patterns.storage.withUnsafeBytes { bytes in
      patterns.offsets.withUnsafeBufferPointer { offsets in
        members.withUnsafeBufferPointer { members in
          guard let base = bytes.baseAddress else { return }
          for member in members {
            let start = base + offsets[member]
            for offset in 0..<stride {
              let key = UInt64(Key(littleEndian: start.loadUnaligned(fromByteOffset: offset, as: Key.self)))
              next[Int(fingerprint(Fold.key(key)) >> binShift)] &+= 1
            }
          }
          var sum = 0
          for bin in 0..<binCount {
            binStarts[bin] = sum
            let count = next[bin]
            next[bin] = sum
            sum &+= count
          }
          binStarts[binCount] = sum
          for member in members {
            let start = base + offsets[member]
            let pattern = UInt64(truncatingIfNeeded: member << 6)
            for offset in 0..<stride {
              let key = UInt64(Key(littleEndian: start.loadUnaligned(fromByteOffset: offset, as: Key.self)))
              let fingerprint = fingerprint(Fold.key(key))
              let bin = Int(fingerprint >> binShift)
              entries[next[bin]] = UInt64(fingerprint) << 32 | pattern | UInt64(truncatingIfNeeded: offset)
              next[bin] &+= 1
            }
          }
        }
      }
    }
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
