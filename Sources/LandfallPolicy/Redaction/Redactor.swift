public import LandfallModel

/// Replaces secrets in text before it reaches the model, the transcript, a log or the screen.
///
/// Known values are found in every encoding (see `SecretEncodings`, `DecodedRunSearch` and
/// `WrappedBase64`) and replaced by a marker that names the secret (`[redacted:DATABASE_URL]`);
/// credentials Landfall was never told about are found by shape (`[redacted:private-key]`).
/// Every other byte passes through unchanged, including bytes that are not UTF-8.
public struct Redactor: Sendable {
  private let index: SampledPatternIndex
  private let decodedRuns: DecodedRunSearch?
  private let base64Runs: Base64RunSearch?
  private let patternMarker: [Int]
  private let markers: PatternSet

  /// Values shorter than this are not redacted: they would match ordinary words.
  public static let minimumValueLength = 4
  /// Encoded forms shorter than this are skipped for the same reason.
  public static let minimumEncodedLength = 8
  /// How base64 spellings of values of 12 bytes or more are found. The text redacted is the
  /// same either way, except that decoding also catches a spelling that mixes the standard and
  /// URL-safe alphabets, and a span that spells two values may be named after the other one.
  public enum Base64Search: Sendable {
    /// `indexed` for a vault of fewer than 4,096 values, `decoded` for a larger one: what
    /// `init(secrets:)` does.
    case bySize
    /// Base64 runs of the text are decoded and searched (with wrapped lines in the same pass),
    /// so the index holds no base64 forms of these values; costs a pass over the text.
    case decoded
    /// Each value's three to six base64 forms are indexed, with a pass of its own for wrapped
    /// lines; costs index size.
    case indexed
  }

  /// A redactor for `secrets` (name and value), plus the credential shapes, that finds base64
  /// spellings of long values as `base64` says. A large vault is built on up to `cores` cores
  /// (1 or 2); one leaves the other to work meanwhile, as `RedactingPump.run(building:)` does.
  public init(secrets: [(name: String, value: Secret)] = [], base64: Base64Search = .bySize, cores: Int = 2) {
    let forms = VaultForms.of(secrets, base64: base64, cores: cores)
    index = SampledPatternIndex(forms.patterns, cores: cores)
    let base64Runs = Base64RunSearch(innerBytes: forms.innerBytes, edges: forms.innerEdges, valuePatterns: forms.innerValuePattern, cores: cores)
    self.base64Runs = base64Runs
    let longest = max(index.longest, base64Runs?.longestSpelling ?? 0)
    decodedRuns = forms.shortestDecodedValue.map { DecodedRunSearch(shortestValue: $0, longestPattern: longest, base64: base64Runs) }
    patternMarker = forms.patternMarker
    markers = forms.markers
  }

  /// The forms of `value` that are looked for (as is and encoded), for tools that compare.
  public static func encodedForms(of value: String) -> [String] {
    SecretEncodings.variants(of: Array(value.utf8), minimumLength: minimumEncodedLength).map { String(decoding: $0, as: UTF8.self) }
  }

  /// How many bytes at the end of a stream can still be the start of a secret: a stream that
  /// shows text as it arrives holds back this many.
  public var holdBack: Int {
    max(max(index.longest, base64Runs?.longestSpelling ?? 0, decodedRuns?.longestForm ?? 0) * 2, CredentialShapes.horizon)
  }

  /// `text` with every secret and credential replaced by its marker.
  public func redact(_ text: String) -> String {
    var copy = text
    return copy.withUTF8 { buffer in
      let spans = spans(in: buffer, starting: 0..<buffer.count)
      guard !spans.isEmpty else { return text }
      var output: [UInt8] = []
      write(buffer, 0..<buffer.count, spans, into: &output)
      return String(decoding: output, as: UTF8.self)
    }
  }

  /// `bytes` with every secret and credential replaced by its marker; other bytes unchanged.
  public func redact(bytes: [UInt8]) -> [UInt8] {
    bytes.withUnsafeBufferPointer { buffer in
      var output: [UInt8] = []
      write(buffer, 0..<buffer.count, spans(in: buffer, starting: 0..<buffer.count), into: &output)
      return output
    }
  }

  /// Every string inside `value` redacted, keys included.
  public func redact(_ value: JSONValue) -> JSONValue {
    switch value {
    case .string(let text): return .string(redact(text))
    case .array(let items): return .array(items.map(redact))
    case .object(let pairs): return .object(pairs.map { (key: redact($0.key), value: redact($0.value)) })
    default: return value
    }
  }

  /// True when `text` holds a known secret value in any encoding (shapes not counted).
  public func containsKnownSecret(_ text: String) -> Bool {
    var text = text
    return text.withUTF8 { buffer in
      var matches: [SampledPatternIndex.Match] = []
      index.search(buffer, starting: 0..<buffer.count, into: &matches)
      guard matches.isEmpty else { return true }
      var others: [(start: Int, end: Int, pattern: Int)] = []
      if let base64Runs {
        base64Runs.search(buffer, starting: 0..<buffer.count, index: index, into: &others)
      } else {
        WrappedBase64.search(buffer, starting: 0..<buffer.count, index: index, into: &others)
      }
      decodedRuns?.search(buffer, starting: 0..<buffer.count, index: index, into: &others)
      return !others.isEmpty
    }
  }

  struct Span: Sendable {
    var start: Int
    var end: Int
    /// The index of a vault value's marker; `shape` for a credential shape named by `label`;
    /// `continued` for the rest of a span whose marker was written before.
    var marker: Int
    var label: String

    static let shape = -1
    static let continued = -2
  }

  /// The spans to replace that start in `range`, in order; overlapping findings are merged so
  /// every byte of each is replaced.
  func spans(in buffer: UnsafeBufferPointer<UInt8>, starting range: Range<Int>) -> [Span] {
    var shapes = CredentialShapes.Scan()
    return spans(in: buffer, starting: range, resuming: &shapes)
  }

  /// `spans(in:starting:)` for the chunk of a stream whose shape scans `shapes` left off before;
  /// `shapes` is left where the next chunk picks up.
  func spans(in buffer: UnsafeBufferPointer<UInt8>, starting range: Range<Int>, resuming shapes: inout CredentialShapes.Scan) -> [Span] {
    spans(in: buffer, starting: range, shapesFound: [], shapesFrom: range.lowerBound, resuming: &shapes)
  }

  /// `spans(in:starting:resuming:)` when the shapes starting before `shapesFrom` were found
  /// already (`shapesFound`, by scans that left `shapes` where they stopped).
  func spans(
    in buffer: UnsafeBufferPointer<UInt8>, starting range: Range<Int>, shapesFound: [CredentialShapes.Finding], shapesFrom: Int,
    resuming shapes: inout CredentialShapes.Scan
  ) -> [Span] {
    var candidates = knownSpans(in: buffer, starting: range)
    var findings = shapesFound
    if shapesFrom < range.upperBound {
      CredentialShapes.find(buffer, starting: max(shapesFrom, range.lowerBound)..<range.upperBound, resuming: &shapes, into: &findings)
    }
    for finding in findings { candidates.append(Span(start: finding.start, end: finding.end, marker: Span.shape, label: finding.label)) }
    guard candidates.count > 1 else { return candidates }
    candidates.sort { $0.start != $1.start ? $0.start < $1.start : $0.end > $1.end }
    return Self.joiningOverlaps(candidates)
  }

  /// The spans of vault values, in every encoding, that start in `range`, unordered.
  private func knownSpans(in buffer: UnsafeBufferPointer<UInt8>, starting range: Range<Int>) -> [Span] {
    var candidates: [Span] = []
    var matches: [SampledPatternIndex.Match] = []
    index.search(buffer, starting: range, into: &matches)
    for match in matches {
      candidates.append(Span(start: match.start, end: match.start + index.length(of: match.pattern), marker: patternMarker[match.pattern], label: ""))
    }
    var wrapped: [(start: Int, end: Int, pattern: Int)] = []
    if let base64Runs {
      base64Runs.search(buffer, starting: range, index: index, into: &wrapped)
    } else if !index.isEmpty {
      WrappedBase64.search(buffer, starting: range, index: index, into: &wrapped)
    }
    decodedRuns?.search(buffer, starting: range, index: index, into: &wrapped)
    for match in wrapped { candidates.append(Span(start: match.start, end: match.end, marker: patternMarker[match.pattern], label: "")) }
    return candidates
  }

  /// `spans`, sorted by start, with each span that starts inside the one before joined to it
  /// under that one's marker.
  static func joiningOverlaps(_ spans: [Span]) -> [Span] {
    var kept: [Span] = []
    for span in spans {
      if let last = kept.last, span.start < last.end {
        kept[kept.count - 1].end = max(last.end, span.end)
      } else {
        kept.append(span)
      }
    }
    return kept
  }

  /// Appends `buffer[range]` to `output` with each span replaced by its marker.
  func write(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ spans: [Span], into output: inout [UInt8]) {
    var cursor = range.lowerBound
    for span in spans {
      output.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[cursor..<span.start]))
      if span.marker >= 0 {
        output.append(contentsOf: markers.bytes(of: span.marker))
      } else if span.marker == Span.shape {
        output.append(contentsOf: "[redacted:\(span.label)]".utf8)
      }
      cursor = span.end
    }
    output.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[cursor..<max(cursor, range.upperBound)]))
  }
}
