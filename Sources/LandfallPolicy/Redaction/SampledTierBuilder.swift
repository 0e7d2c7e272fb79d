/// Builds the tables of a `SampledTier`: every window a probe can land on, counting-sorted by
/// fingerprint into 256 bins and then, bin by bin while it sits in cache, into buckets, setting
/// the filter bits on the way. A large tier is built in two parts at once: each part bins its
/// half of the members into its own stretch of every bin, then each part sorts half of the bins.
/// Bins own disjoint buckets and (for such a tier) disjoint filter words, so the parts never
/// write the same memory, and the result is the same as one part would build.
enum SampledTierBuilder {
  static let binBits = 8
  private static let binCount = 1 << binBits
  /// Tiers with fewer windows are built on one core.
  private static let parallelWindows = 1 << 16

  /// The sizes of a tier's tables, chosen from its window count.
  struct Shape: Sendable {
    var total: Int
    var stride: Int
    var filterBits: Int
    var bucketBits: Int
    var filterShift: UInt32 { UInt32(32 - (filterBits - 6)) }
    var bucketShift: UInt32 { UInt32(32 - bucketBits) }
  }

  /// The shared tables the parts write into, each part only where it owns.
  private struct Tables: @unchecked Sendable {
    var entries: UnsafeMutablePointer<UInt64>
    var heads: UnsafeMutablePointer<UInt32>
    var filter: UnsafeMutablePointer<UInt64>
  }

  /// Fills `entries`, `heads` and `filter` (sized by `shape`) for `members` of `patterns`, on
  /// two cores when the tier is large and `cores` allows.
  static func build(
    _ members: [Int], window: Int, patterns: PatternSet, shape: Shape, cores: Int, entries: UnsafeMutableBufferPointer<UInt64>,
    heads: UnsafeMutableBufferPointer<UInt32>, filter: UnsafeMutableBufferPointer<UInt64>
  ) {
    guard let entryBase = entries.baseAddress, let headBase = heads.baseAddress, let filterBase = filter.baseAddress else { return }
    let tables = Tables(entries: entryBase, heads: headBase, filter: filterBase)
    let parts = cores > 1 && shape.total >= parallelWindows && shape.filterBits - 6 >= binBits ? 2 : 1
    let binStarts =
      window == 8
      ? sortIntoBins(members, parts: parts, stride: shape.stride, patterns: patterns, key: UInt64.self, tables: tables)
      : sortIntoBins(members, parts: parts, stride: shape.stride, patterns: patterns, key: UInt32.self, tables: tables)
    _ = ParallelParts.map(parts) { part in
      sortBins(binCount * part / parts..<binCount * (part + 1) / parts, binStarts: binStarts, shape: shape, tables: tables)
    }
    headBase[1 << shape.bucketBits] = UInt32(shape.total)
  }

  /// Writes every window a probe can land on (for each member, the `stride` windows starting at
  /// its first `stride` bytes) into the entries as `fingerprint << 32 | pattern << 6 | offset`,
  /// grouped by the fingerprint's top byte, and returns where each bin starts (and the total).
  private static func sortIntoBins<Key: FixedWidthInteger & UnsignedInteger & SendableMetatype>(
    _ members: [Int], parts: Int, stride: Int, patterns: PatternSet, key _: Key.Type, tables: Tables
  ) -> [Int] {
    let slices = (0..<parts).map { members.count * $0 / parts..<members.count * ($0 + 1) / parts }
    let counts = ParallelParts.map(parts) { part in
      var count = [Int](repeating: 0, count: binCount)
      forEachWindow(members[slices[part]], stride: stride, patterns: patterns, key: Key.self) { fingerprint, _ in
        count[Int(fingerprint >> UInt32(32 - binBits))] &+= 1
      }
      return count
    }
    var binStarts = [Int](repeating: 0, count: binCount + 1)
    var firstSlot = [[Int]](repeating: [Int](repeating: 0, count: binCount), count: parts)
    var sum = 0
    for bin in 0..<binCount {
      binStarts[bin] = sum
      for part in 0..<parts {
        firstSlot[part][bin] = sum
        sum &+= counts[part][bin]
      }
    }
    binStarts[binCount] = sum
    let starts = firstSlot
    _ = ParallelParts.map(parts) { part in
      var next = starts[part]
      forEachWindow(members[slices[part]], stride: stride, patterns: patterns, key: Key.self) { fingerprint, slot in
        let bin = Int(fingerprint >> UInt32(32 - binBits))
        tables.entries[next[bin]] = UInt64(fingerprint) << 32 | slot
        next[bin] &+= 1
      }
    }
    return binStarts
  }

  /// Calls `body` with the fingerprint and slot (`pattern << 6 | offset`) of each window.
  @inline(__always)
  private static func forEachWindow<Key: FixedWidthInteger & UnsignedInteger>(
    _ members: ArraySlice<Int>, stride: Int, patterns: PatternSet, key _: Key.Type, _ body: (UInt32, UInt64) -> Void
  ) {
    patterns.storage.withUnsafeBytes { bytes in
      patterns.offsets.withUnsafeBufferPointer { offsets in
        guard let base = bytes.baseAddress else { return }
        for member in members {
          let start = base + offsets[member]
          let pattern = UInt64(truncatingIfNeeded: member << 6)
          for offset in 0..<stride {
            let key = UInt64(Key(littleEndian: start.loadUnaligned(fromByteOffset: offset, as: Key.self)))
            body(SampledTier.fingerprint(Fold.key(key)), pattern | UInt64(truncatingIfNeeded: offset))
          }
        }
      }
    }
  }

  /// Sorts each bin of `bins` by bucket, counts the bucket heads and sets the filter bits.
  private static func sortBins(_ bins: Range<Int>, binStarts: [Int], shape: Shape, tables: Tables) {
    let largestBin = bins.map { binStarts[$0 + 1] - binStarts[$0] }.max() ?? 0
    let scratch = UnsafeMutablePointer<UInt64>.allocate(capacity: max(largestBin, 1))
    defer { scratch.deallocate() }
    let entries = tables.entries
    let heads = tables.heads
    let filter = tables.filter
    let bucketShift = shape.bucketShift
    let filterShift = shape.filterShift
    let bucketsPerBin = 1 << (shape.bucketBits - binBits)
    for bin in bins {
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
        let bits = SampledTier.filterProbe(fingerprint, shift: filterShift)
        filter[bits.word] |= bits.mask
      }
    }
  }
}
