public import LandfallModel

/// Replaces secrets in text before it reaches the model, the transcript, a log or the screen.
///
/// Known values are found in every encoding (see `SecretEncodings`) and replaced by a marker
/// that names the secret (`[redacted:DATABASE_URL]`); credentials Landfall was never told about
/// are found by shape (`[redacted:private-key]`). Text without either passes through unchanged.
public struct Redactor: Sendable {
  private let patterns: PatternSet
  private let markers: [[UInt8]]
  private let secretCount: Int

  /// Values shorter than this are not redacted: they would match ordinary words.
  public static let minimumValueLength = 4
  /// Encoded forms shorter than this are skipped for the same reason.
  public static let minimumEncodedLength = 8

  /// A redactor for `secrets` (name and value), plus the credential shapes.
  public init(secrets: [(name: String, value: Secret)] = []) {
    var patterns: [[UInt8]] = []
    var markers: [[UInt8]] = []
    for secret in secrets {
      let bytes = secret.value.withValue { Array($0.utf8) }
      guard bytes.count >= Self.minimumValueLength else { continue }
      let marker = Array("[redacted:\(secret.name)]".utf8)
      for (offset, form) in SecretEncodings.variants(of: bytes, minimumLength: Self.minimumValueLength).enumerated()
      where offset == 0 || form.count >= Self.minimumEncodedLength {
        patterns.append(form)
        markers.append(marker)
      }
    }
    secretCount = patterns.count
    patterns += CredentialShapes.triggers
    self.patterns = PatternSet(patterns)
    self.markers = markers
  }

  /// The forms of `value` that are looked for (as is and encoded), for tools that compare.
  public static func encodedForms(of value: String) -> [String] {
    SecretEncodings.variants(of: Array(value.utf8), minimumLength: minimumEncodedLength).map { String(decoding: $0, as: UTF8.self) }
  }

  /// `text` with every secret and credential replaced by its marker.
  public func redact(_ text: String) -> String {
    var copy = text
    return copy.withUTF8 { buffer in
      let spans = findings(in: buffer)
      guard !spans.isEmpty else { return text }
      let size = spans.reduce(buffer.count) { $0 - ($1.end - $1.start) + $1.marker.count }
      return String(unsafeUninitializedCapacity: size) { output in
        var cursor = 0
        var written = 0
        func copy(_ bytes: UnsafeBufferPointer<UInt8>) {
          guard let source = bytes.baseAddress, let target = output.baseAddress, !bytes.isEmpty else { return }
          (target + written).update(from: source, count: bytes.count)
          written += bytes.count
        }
        for span in spans {
          copy(UnsafeBufferPointer(rebasing: buffer[cursor..<span.start]))
          span.marker.withUnsafeBufferPointer(copy)
          cursor = span.end
        }
        copy(UnsafeBufferPointer(rebasing: buffer[cursor...]))
        return written
      }
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
      var found = false
      patterns.scan(buffer) { start, pattern in
        guard pattern < secretCount else { return nil }
        found = true
        return buffer.count
      }
      return found
    }
  }

  private struct Span {
    var start: Int
    var end: Int
    var marker: [UInt8]
  }

  private func findings(in buffer: UnsafeBufferPointer<UInt8>) -> [Span] {
    var spans: [Span] = []
    patterns.scan(buffer) { start, pattern in
      if pattern < secretCount {
        let end = start + patterns.length(of: pattern)
        spans.append(Span(start: start, end: end, marker: markers[pattern]))
        return end
      }
      guard let finding = CredentialShapes.inspect(buffer, at: start) else { return nil }
      spans.append(Span(start: finding.start, end: finding.end, marker: Array("[redacted:\(finding.label)]".utf8)))
      return finding.end
    }
    for finding in CredentialShapes.assignments(buffer)
    where !spans.contains(where: { $0.start < finding.end && finding.start < $0.end }) {
      spans.append(Span(start: finding.start, end: finding.end, marker: Array("[redacted:\(finding.label)]".utf8)))
    }
    return spans.sorted { $0.start < $1.start }.reduce(into: []) { kept, span in
      if let last = kept.last, span.start < last.end { return }
      kept.append(span)
    }
  }
}
