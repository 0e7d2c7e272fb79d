import LandfallModel

/// The indexed forms of a run of vault values, each tagged with the marker of its value, the
/// shortest of the values left to `DecodedRunSearch`, and, when base64 is decoded too, the inner
/// bytes of those values for `Base64RunSearch`. Forms of two runs join in order, so a large
/// vault can be written in parts at once.
struct VaultForms: Sendable {
  private(set) var patterns = PatternSet()
  /// Pattern `i` belongs to the secret whose marker is pattern `patternMarker[i]` of `markers`.
  private(set) var patternMarker: [Int] = []
  private(set) var markers = PatternSet()
  private(set) var shortestDecodedValue: Int?
  /// Each value found by decoding base64 without its first and last bytes, which are
  /// `innerEdges`; the value itself is pattern `innerValuePattern` of `patterns`.
  private(set) var innerBytes = PatternSet()
  private(set) var innerEdges: [(first: UInt8, last: UInt8)] = []
  private(set) var innerValuePattern: [Int] = []
  private let decodesBase64: Bool

  /// About how many bytes of indexed forms each byte of a value makes, and how many forms one
  /// value makes, with base64 decoded and with it indexed (hex and `\u` spellings of most
  /// values are decoded either way).
  private static let formBytesPerValueByte = (decoded: 4, indexed: 12)
  private static let formsPerValue = (decoded: 3, indexed: 10)

  /// The forms of `secrets`; values shorter than `Redactor.minimumValueLength` are left out.
  init(_ secrets: ArraySlice<(name: String, value: Secret)>, decodesBase64: Bool) {
    self.decodesBase64 = decodesBase64
    let bytesPerValueByte = decodesBase64 ? Self.formBytesPerValueByte.decoded : Self.formBytesPerValueByte.indexed
    let formsPerValue = decodesBase64 ? Self.formsPerValue.decoded : Self.formsPerValue.indexed
    patterns.reserve(
      bytes: secrets.reduce(0) { total, secret in total + secret.value.withValue { $0.utf8.count } * bytesPerValueByte },
      count: secrets.count * formsPerValue)
    patternMarker.reserveCapacity(secrets.count * formsPerValue)
    markers.reserve(bytes: secrets.reduce(0) { $0 + $1.name.utf8.count + Self.markerText.count + 1 }, count: secrets.count)
    var bytes: [UInt8] = []
    for secret in secrets {
      bytes.removeAll(keepingCapacity: true)
      secret.value.withValue { bytes.append(contentsOf: $0.utf8) }
      guard bytes.count >= Redactor.minimumValueLength else { continue }
      markers.beginGroup()
      markers.add(caseFolded: false, minimumLength: 0, capacity: secret.name.utf8.count + Self.markerText.count + 1) { marker in
        marker.append(contentsOf: Self.markerText)
        marker.append(contentsOf: secret.name.utf8)
        marker.append(UInt8(ascii: "]"))
      }
      add(bytes)
    }
  }

  private static let markerText = Array("[redacted:".utf8)

  private mutating func add(_ bytes: [UInt8]) {
    patterns.beginGroup()
    let capacity = SecretEncodings.longestForm(of: bytes.count)
    let decoded = DecodedRunSearch.decodes(valueOf: bytes.count)
    if decoded { shortestDecodedValue = min(shortestDecodedValue ?? bytes.count, bytes.count) }
    let decodedBase64 = decoded && decodesBase64
    if decodedBase64, let first = bytes.first, let last = bytes.last {
      innerBytes.beginGroup()
      innerBytes.add(caseFolded: false, minimumLength: 0, capacity: bytes.count) { $0.append(contentsOf: bytes[1..<bytes.count - 1]) }
      innerEdges.append((first, last))
      innerValuePattern.append(patterns.count)
    }
    var isValue = true
    SecretEncodings.forEachSearchForm(of: bytes, withoutDecodedSpellings: decoded, withoutBase64: decodedBase64) { caseFolded, write in
      let minimum = isValue ? Redactor.minimumValueLength : Redactor.minimumEncodedLength
      isValue = false
      if patterns.add(caseFolded: caseFolded, minimumLength: minimum, capacity: capacity, write) { patternMarker.append(markers.count - 1) }
    }
  }

  /// Appends the forms of `other`, whose values come after these.
  mutating func append(_ other: VaultForms) {
    let markerBase = markers.count
    let patternBase = patterns.count
    innerBytes.append(other.innerBytes)
    innerEdges.append(contentsOf: other.innerEdges)
    innerValuePattern.append(contentsOf: other.innerValuePattern.lazy.map { $0 + patternBase })
    patterns.append(other.patterns)
    patternMarker.append(contentsOf: other.patternMarker.lazy.map { $0 + markerBase })
    markers.append(other.markers)
    if let other = other.shortestDecodedValue { shortestDecodedValue = min(shortestDecodedValue ?? other, other) }
  }

  /// From about this many values on, decoding the base64 runs of a text costs less than
  /// indexing the three to six base64 forms of every value: their windows would take the
  /// index's filter past 128 KiB, and probing it would no longer stay in the core's caches.
  /// Below it, the extra pass over the text costs more (about 5% at 1,000 values).
  static let base64DecodingCount = 4096

  /// The forms of `secrets`, written in two parts at once when there are many and `cores`
  /// allows.
  static func of(_ secrets: [(name: String, value: Secret)], base64: Redactor.Base64Search = .bySize, cores: Int = 2) -> VaultForms {
    let decodesBase64: Bool
    switch base64 {
    case .bySize: decodesBase64 = secrets.count >= base64DecodingCount
    case .indexed: decodesBase64 = false
    case .decoded: decodesBase64 = true
    }
    guard cores > 1, secrets.count >= ParallelParts.worthwhileCount else { return VaultForms(secrets[...], decodesBase64: decodesBase64) }
    let middle = secrets.count / 2
    var parts = ParallelParts.map(2) { part in VaultForms(part == 0 ? secrets[..<middle] : secrets[middle...], decodesBase64: decodesBase64) }
    var whole = parts.removeFirst()
    for part in parts { whole.append(part) }
    return whole
  }
}
