import Foundation
import LandfallModel
import LandfallPolicy
import LandfallTestSupport
import Testing

/// The redactor against a naive reference on random vaults and texts: every occurrence of every
/// spelling of every value (found by comparing at each position) is replaced, overlapping
/// findings are merged, and nothing else changes, whole or streamed in small chunks.
@Suite(.ownThreads) struct RedactionDifferentialTests {
  private static let valueCharacters: [Character] = Array("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ0123456789-_./+ %\"\\éß日")
  private static let filler: [UInt8] = Array("~|  \n".utf8)

  @Test(arguments: 0..<6, [Redactor.Base64Search.indexed, .decoded])
  func theRedactorMatchesANaiveSearchOnRandomVaultsAndTexts(batch: Int, base64: Redactor.Base64Search) throws {
    var generator = SeededGenerator(seed: 0x5EC2E7 &+ UInt64(batch))
    var checked = 0
    for trial in 0..<25 {
      let secrets = (0..<Int.random(in: 1...12, using: &generator)).map { index in
        let length = Int.random(in: 4...40, using: &generator)
        let value = String((0..<length).map { _ in Self.valueCharacters.randomElement(using: &generator) ?? "x" })
        return (name: "N\(index)", value: value)
      }
      let forms: [[[UInt8]]] = secrets.map { secret in
        let encoded: [[UInt8]] = Redactor.encodedForms(of: secret.value).map { Array($0.utf8) }
        return ([Array(secret.value.utf8)] + encoded).filter { $0.count >= 4 }
      }
      var text: [UInt8] = []
      for _ in 0..<Int.random(in: 5...40, using: &generator) {
        text += (0..<Int.random(in: 1...20, using: &generator)).map { _ in Self.filler.randomElement(using: &generator) ?? 32 }
        let owner = Int.random(in: 0..<secrets.count, using: &generator)
        if let form = forms[owner].randomElement(using: &generator) { text += form }
      }
      let plain = Redactor()
      guard plain.redact(bytes: text) == text else { continue }
      checked += 1
      let vault: [(name: String, value: Secret)] = secrets.map { (name: $0.name, value: Secret($0.value)) }
      let redactor = Redactor(secrets: vault, base64: base64)
      let expected = Self.reference(text, forms: forms, names: secrets.map { $0.name })
      let shown = String(decoding: expected, as: UTF8.self)
      #expect(String(decoding: redactor.redact(bytes: text), as: UTF8.self) == shown, "batch \(batch) trial \(trial), base64 \(base64)")
      let chunk = Int.random(in: 40...400, using: &generator)
      let streamed = try RedactionIndexTests.pump(Self.padded(text), redactor, chunkSize: chunk)
      let shownPadded = String(decoding: Self.padded(expected), as: UTF8.self)
      #expect(String(decoding: streamed, as: UTF8.self) == shownPadded, "batch \(batch) trial \(trial), chunks of \(chunk)")
    }
    #expect(checked >= 20, "most random texts hold no credential shape, so the comparison is made")
  }

  /// `text` with room around it, so that a pump, which looks back a little and holds back the
  /// length of the longest credential shape, really cuts it into chunks.
  static func padded(_ text: [UInt8]) -> [UInt8] {
    [UInt8](repeating: UInt8(ascii: "|"), count: 300) + text + [UInt8](repeating: UInt8(ascii: "|"), count: 70_000)
  }

  /// `text` with every occurrence of every form replaced by its secret's marker; occurrences
  /// that overlap or touch inside one another become one span under the marker of the earliest
  /// (and then longest) one.
  static func reference(_ text: [UInt8], forms: [[[UInt8]]], names: [String]) -> [UInt8] {
    var spans: [(start: Int, end: Int, name: String)] = []
    for (owner, spellings) in forms.enumerated() {
      for form in spellings where form.count <= text.count {
        for start in 0...(text.count - form.count) where text[start] == form[0] && text[start..<(start + form.count)].elementsEqual(form) {
          spans.append((start, start + form.count, names[owner]))
        }
      }
    }
    spans.sort { $0.start != $1.start ? $0.start < $1.start : $0.end > $1.end }
    var merged: [(start: Int, end: Int, name: String)] = []
    for span in spans {
      if let last = merged.last, span.start < last.end {
        merged[merged.count - 1].end = max(last.end, span.end)
      } else {
        merged.append(span)
      }
    }
    var output: [UInt8] = []
    var cursor = 0
    for span in merged {
      output += text[cursor..<span.start]
      output += Array("[redacted:\(span.name)]".utf8)
      cursor = span.end
    }
    return output + text[cursor...]
  }
}
