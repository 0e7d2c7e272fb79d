/// Finds many fixed byte strings in a text with a cost per byte that does not grow with their
/// number (a sampled-window hash search of the Wu–Manber / Rabin–Karp family).
///
/// Patterns are grouped by length into tiers. In a tier whose shortest pattern has `m` bytes and
/// whose window is `w` bytes, every occurrence covers one of the text positions sampled every
/// `k = m - w + 1` bytes, with a whole window of the pattern starting there. So each pattern's
/// windows at offsets `0..<k` go into a filter and a bucket table, and the text is probed only at
/// every `k`th position: one load, one multiply and one filter word per probe; buckets are read
/// only when all three of the window's filter bits are set, and patterns are compared only when the
/// whole window matched. Windows are folded (`Fold.key`) before hashing, so one entry serves
/// every spelling of a case-folded hex form.
struct SampledPatternIndex: Sendable {
  /// One occurrence: pattern `pattern` starts at `start`.
  struct Match: Sendable {
    var start: Int
    var pattern: Int
  }

  private let patterns: PatternSet
  private let tiers: [SampledTier]
  /// The length of the longest pattern.
  let longest: Int

  /// An index of `patterns`; patterns shorter than 4 bytes are ignored, and those of `longFrom`
  /// bytes or more are probed with 8-byte windows (the fewer tiers, the fewer passes over a
  /// text; the shorter the shortest pattern of a tier, the more probes). A large tier is built
  /// on up to `cores` cores.
  init(_ patterns: PatternSet, longFrom: Int = 16, cores: Int = 2) {
    self.patterns = patterns
    let lengths = (0..<patterns.count).map(patterns.length(of:))
    longest = lengths.max() ?? 0
    let short = lengths.indices.filter { lengths[$0] >= 4 && lengths[$0] < longFrom }
    let long = lengths.indices.filter { lengths[$0] >= max(longFrom, 8) }
    tiers = [
      SampledTier(members: short, window: 4, patterns: patterns, cores: cores), SampledTier(members: long, window: 8, patterns: patterns, cores: cores),
    ]
      .compactMap { $0 }
  }

  var isEmpty: Bool { tiers.isEmpty }

  /// The length of pattern `index`.
  func length(of index: Int) -> Int { patterns.length(of: index) }

  /// Appends every occurrence in `text` that starts in `range` to `matches`, in no set order.
  func search(_ text: UnsafeBufferPointer<UInt8>, starting range: Range<Int>, into matches: inout [Match]) {
    guard let base = text.baseAddress, !range.isEmpty else { return }
    patterns.storage.withUnsafeBufferPointer { patternBytes in
      patterns.offsets.withUnsafeBufferPointer { offsets in
        patterns.caseFolded.withUnsafeBufferPointer { caseFolded in
          for tier in tiers {
            tier.search(
              UnsafeRawPointer(base), count: text.count, range: range, patterns: patternBytes, offsets: offsets,
              caseFolded: caseFolded, into: &matches)
          }
        }
      }
    }
  }
}
