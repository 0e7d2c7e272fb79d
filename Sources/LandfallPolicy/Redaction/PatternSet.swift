/// Byte patterns stored end to end in one buffer, each marked exact or case-folded, so that a
/// redactor for thousands of secrets keeps one allocation instead of one per encoded form.
struct PatternSet: Sendable {
  private(set) var storage: [UInt8] = []
  /// Pattern `i` is `storage[offsets[i]..<offsets[i + 1]]`.
  private(set) var offsets: [Int] = [0]
  /// Whether pattern `i` also matches its other hex spellings (see `Fold`).
  private(set) var caseFolded: [Bool] = []
  private var groupStart = 0

  var count: Int { caseFolded.count }

  func length(of pattern: Int) -> Int { offsets[pattern + 1] - offsets[pattern] }

  /// The bytes of pattern `index`.
  func bytes(of pattern: Int) -> ArraySlice<UInt8> { storage[offsets[pattern]..<offsets[pattern + 1]] }

  /// Starts a group of patterns (the forms of one secret); a pattern equal to an earlier one of
  /// the same group is not added twice.
  mutating func beginGroup() {
    groupStart = count
  }

  /// Adds the pattern `write` appends, unless it is shorter than `minimumLength` or repeats one
  /// of its group. Returns whether it was added.
  @discardableResult
  mutating func add(caseFolded folded: Bool, minimumLength: Int, capacity: Int, _ write: (inout FormWriter) -> Void) -> Bool {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { scratch in
      var writer = FormWriter(scratch)
      write(&writer)
      guard let form = writer.written, form.count >= minimumLength else { return false }
      for earlier in groupStart..<count where caseFolded[earlier] == folded && length(of: earlier) == form.count {
        let start = offsets[earlier]
        if storage.withUnsafeBufferPointer({ bytes in (0..<form.count).allSatisfy { bytes[start + $0] == form[$0] } }) { return false }
      }
      storage.append(contentsOf: form)
      offsets.append(storage.count)
      caseFolded.append(folded)
      return true
    }
  }

  /// Appends the patterns of `other` after these.
  mutating func append(_ other: PatternSet) {
    let base = storage.count
    storage.append(contentsOf: other.storage)
    offsets.append(contentsOf: other.offsets.dropFirst().lazy.map { $0 + base })
    caseFolded.append(contentsOf: other.caseFolded)
    groupStart = count
  }

  /// Makes room for about `bytes` bytes in `count` patterns, so that the store does not grow by
  /// copying.
  mutating func reserve(bytes: Int, count: Int) {
    storage.reserveCapacity(bytes)
    offsets.reserveCapacity(count + 1)
    caseFolded.reserveCapacity(count)
  }
}
