import LandfallModel

/// The indexed forms of a run of vault values, each tagged with the marker of its value, and the
/// shortest of the values left to `DecodedRunSearch`. Forms of two runs join in order, so a large
/// vault can be written in parts at once.
struct VaultForms: Sendable {
  private(set) var patterns = PatternSet()
  /// Pattern `i` belongs to the secret whose marker is `markers[patternMarker[i]]`.
  private(set) var patternMarker: [Int] = []
  private(set) var markers: [[UInt8]] = []
  private(set) var shortestDecodedValue: Int?

  /// About how many bytes of indexed forms each byte of a value makes (base64, percent and JSON
  /// forms together; hex and `\u` spellings of most values are decoded instead).
  private static let formBytesPerValueByte = 12
  /// About how many indexed forms one value makes.
  private static let formsPerValue = 10

  /// The forms of `secrets`; values shorter than `Redactor.minimumValueLength` are left out.
  init(_ secrets: ArraySlice<(name: String, value: Secret)>) {
    patterns.reserve(
      bytes: secrets.reduce(0) { total, secret in total + secret.value.withValue { $0.utf8.count } * Self.formBytesPerValueByte },
      count: secrets.count * Self.formsPerValue)
    patternMarker.reserveCapacity(secrets.count * Self.formsPerValue)
    markers.reserveCapacity(secrets.count)
    for secret in secrets {
      let bytes = secret.value.withValue { Array($0.utf8) }
      guard bytes.count >= Redactor.minimumValueLength else { continue }
      add(bytes, marker: Array("[redacted:\(secret.name)]".utf8))
    }
  }

  private mutating func add(_ bytes: [UInt8], marker: [UInt8]) {
    markers.append(marker)
    patterns.beginGroup()
    let capacity = SecretEncodings.longestForm(of: bytes.count)
    let decoded = DecodedRunSearch.decodes(valueOf: bytes.count)
    if decoded { shortestDecodedValue = min(shortestDecodedValue ?? bytes.count, bytes.count) }
    var isValue = true
    SecretEncodings.forEachSearchForm(of: bytes, withoutDecodedSpellings: decoded) { caseFolded, write in
      let minimum = isValue ? Redactor.minimumValueLength : Redactor.minimumEncodedLength
      isValue = false
      if patterns.add(caseFolded: caseFolded, minimumLength: minimum, capacity: capacity, write) { patternMarker.append(markers.count - 1) }
    }
  }

  /// Appends the forms of `other`, whose values come after these.
  mutating func append(_ other: VaultForms) {
    let markerBase = markers.count
    patterns.append(other.patterns)
    patternMarker.append(contentsOf: other.patternMarker.lazy.map { $0 + markerBase })
    markers.append(contentsOf: other.markers)
    if let other = other.shortestDecodedValue { shortestDecodedValue = min(shortestDecodedValue ?? other, other) }
  }

  /// The forms of `secrets`, written in two parts at once when there are many.
  static func of(_ secrets: [(name: String, value: Secret)]) -> VaultForms {
    guard secrets.count >= ParallelParts.worthwhileCount else { return VaultForms(secrets[...]) }
    let middle = secrets.count / 2
    var parts = ParallelParts.map(2) { part in VaultForms(part == 0 ? secrets[..<middle] : secrets[middle...]) }
    var whole = parts.removeFirst()
    for part in parts { whole.append(part) }
    return whole
  }
}
