/// Finds many fixed byte strings in a text with a cost per byte that does not grow with their
/// number (a sampled-window hash search of the Wu–Manber / Rabin–Karp family).
///
/// Patterns are grouped by length into tiers. In a tier whose shortest pattern has `m` bytes and
/// whose window is `w` bytes, every occurrence covers one of the text positions sampled every
/// `k = m - w + 1` bytes, with a whole window of the pattern starting there. So each pattern's
/// windows at offsets `0..<k` go into a filter and a bucket table, and the text is probed only at
/// every `k`th position: one load, one multiply and one filter word per probe; buckets are read
/// only when both of the window's filter bits are set, and patterns are compared only when the
/// whole window matched. Windows are folded (`Fold.key`) before hashing, so one entry serves
/// every spelling of a case-folded hex form.
struct SampledPatternIndex: Sendable {
  /// One occurrence: pattern `pattern` starts at `start`.
  struct Match: Sendable {
    var start: Int
    var pattern: Int
  }

  private let patterns: PatternSet
  private let tiers: [Tier]
  /// The length of the longest pattern.
  let longest: Int

  /// An index of `patterns`; patterns shorter than 4 bytes are ignored.
  init(_ patterns: PatternSet) {
    self.patterns = patterns
    let lengths = (0..<patterns.count).map(patterns.length(of:))
    longest = lengths.max() ?? 0
    let short = lengths.indices.filter { lengths[$0] >= 4 && lengths[$0] < 16 }
    let long = lengths.indices.filter { lengths[$0] >= 16 }
    tiers = [Tier(members: short, window: 4, patterns: patterns), Tier(members: long, window: 8, patterns: patterns)]
      .compactMap { $0 }
  }

  var isEmpty: Bool { tiers.isEmpty }

  /// The length of pattern `index`.
  func length(of index: Int) -> Int { patterns.length(of: index) }

  /// Appends every occurrence in `text` that starts in `range` to `matches`, in no set order.
  func search(_ text: UnsafeBufferPointer<UInt8>, starting range: Range<Int>, into matches: inout [Match]) {
    guard let base = text.baseAddress, !range.isEmpty else { return }
    patterns.storage.withUnsafeBufferPointer { patternBytes in
      for tier in tiers {
        tier.search(
          UnsafeRawPointer(base), count: text.count, range: range, patterns: patternBytes, offsets: patterns.offsets,
          caseFolded: patterns.caseFolded, into: &matches)
      }
    }
  }
}

extension SampledPatternIndex {
  /// A window's fingerprint (the top half of its hash), and its pattern and offset packed as
  /// `pattern << 6 | offset`.
  fileprivate struct Entry: Sendable {
    var fingerprint: UInt32
    var slot: UInt32
  }

  fileprivate struct Tier: Sendable {
    let window: Int
    let stride: Int
    let filterShift: UInt64
    let bucketShift: UInt64
    let filter: [UInt64]
    let heads: [UInt32]
    let entries: [Entry]

    init?(members: [Int], window: Int, patterns: PatternSet) {
      guard let shortest = members.map({ patterns.length(of: $0) }).min() else { return nil }
      self.window = window
      let stride = min(shortest - window + 1, 64)
      self.stride = stride
      let entryCount = members.count * stride
      var filterBits = 12
      while 1 << filterBits < entryCount * 16, filterBits < 25 { filterBits += 1 }
      var bucketBits = 8
      while 1 << bucketBits < entryCount / 4, bucketBits < 20 { bucketBits += 1 }
      let filterShift = UInt64(64 - (filterBits - 6))
      let bucketShift = UInt64(64 - bucketBits)
      var filter = [UInt64](repeating: 0, count: (1 << filterBits) / 64)
      var heads = [UInt32](repeating: 0, count: (1 << bucketBits) + 1)
      var entries = [Entry](repeating: Entry(fingerprint: 0, slot: 0), count: entryCount)
      var keys = [UInt32](repeating: 0, count: entryCount)
      filter.withUnsafeMutableBufferPointer { filter in
        heads.withUnsafeMutableBufferPointer { heads in
          keys.withUnsafeMutableBufferPointer { keys in
            Self.forEachWindow(of: members, window: window, stride: stride, in: patterns) { index, spread in
              let hash = spread &* Self.bucketMultiplier
              keys[index] = UInt32(truncatingIfNeeded: hash >> 32)
              let bits = Self.filterProbe(spread, shift: filterShift)
              filter[bits.word] |= bits.mask
              heads[Int(hash >> bucketShift)] += 1
            }
            for index in 1..<heads.count { heads[index] += heads[index - 1] }
            entries.withUnsafeMutableBufferPointer { entries in
              for (position, member) in members.enumerated() {
                for offset in 0..<stride {
                  let key = keys[position * stride + offset]
                  let bucket = Int((UInt64(key) << 32) >> bucketShift)
                  heads[bucket] -= 1
                  entries[Int(heads[bucket])] = Entry(fingerprint: key, slot: UInt32(member) << 6 | UInt32(offset))
                }
              }
            }
          }
        }
      }
      self.filterShift = filterShift
      self.bucketShift = bucketShift
      self.filter = filter
      self.heads = heads
      self.entries = entries
    }

    /// Calls `body` with the number and hash of every window a probe can land on: member `m`'s
    /// window at offset `o` is number `m * stride + o`.
    private static func forEachWindow(
      of members: [Int], window: Int, stride: Int, in patterns: PatternSet, _ body: (_ index: Int, _ hash: UInt64) -> Void
    ) {
      patterns.storage.withUnsafeBytes { bytes in
        for (position, member) in members.enumerated() {
          let start = patterns.offsets[member]
          for offset in 0..<stride {
            let key =
              window == 8
              ? UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: start + offset, as: UInt64.self))
              : UInt64(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: start + offset, as: UInt32.self)))
            body(position * stride + offset, spread(Fold.key(key)))
          }
        }
      }
    }

    @inline(__always)
    static func spread(_ key: UInt64) -> UInt64 { key ^ (key >> 29) }

    static let bucketMultiplier: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// The filter word for a spread window key and the two bits it sets there (a blocked Bloom
    /// filter: one memory read per probe, two bits to match), from a hash independent of the
    /// bucket hash.
    @inline(__always)
    static func filterProbe(_ spread: UInt64, shift: UInt64) -> (word: Int, mask: UInt64) {
      let hash = spread &* 0xC2B2_AE3D_27D4_EB4F
      let first = (hash >> (shift - 6)) & 63
      let second = (hash >> (shift - 12)) & 63
      return (Int(hash >> shift), 1 << first | 1 << second)
    }

    func search(
      _ text: UnsafeRawPointer, count: Int, range: Range<Int>, patterns: UnsafeBufferPointer<UInt8>, offsets: [Int],
      caseFolded: [Bool], into matches: inout [Match]
    ) {
      var probe = range.lowerBound
      let lastProbe = min(count - window, range.upperBound + stride - 1)
      guard probe <= lastProbe else { return }
      filter.withUnsafeBufferPointer { filter in
        while probe <= lastProbe {
          let key: UInt64 =
            window == 8
            ? UInt64(littleEndian: text.loadUnaligned(fromByteOffset: probe, as: UInt64.self))
            : UInt64(UInt32(littleEndian: text.loadUnaligned(fromByteOffset: probe, as: UInt32.self)))
          let spread = Self.spread(Fold.key(key))
          let bits = Self.filterProbe(spread, shift: filterShift)
          if filter[bits.word] & bits.mask == bits.mask {
            let hash = spread &* Self.bucketMultiplier
            let bucket = Int(hash >> bucketShift)
            let fingerprint = UInt32(truncatingIfNeeded: hash >> 32)
            for index in Int(heads[bucket])..<Int(heads[bucket + 1]) where entries[index].fingerprint == fingerprint {
              let slot = entries[index].slot
              let start = probe - Int(slot & 63)
              let pattern = Int(slot >> 6)
              let length = offsets[pattern + 1] - offsets[pattern]
              guard start >= range.lowerBound, start < range.upperBound, start + length <= count else { continue }
              guard let first = patterns.baseAddress.map({ $0 + offsets[pattern] }) else { continue }
              if caseFolded[pattern] ? Fold.matches(text + start, first, length) : Self.equal(text + start, first, length) {
                matches.append(Match(start: start, pattern: pattern))
              }
            }
          }
          probe += stride
        }
      }
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
}
