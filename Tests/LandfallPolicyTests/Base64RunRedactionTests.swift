import Foundation
import LandfallModel
import LandfallPolicy
import LandfallTestSupport
import Testing

/// Base64 spellings of long values found by decoding runs of the text must redact exactly what
/// the indexed base64 forms redact: every alignment, either alphabet, fragments whose edge
/// characters are missing or foreign, inside longer base64, across chunks, pieces and wrapped
/// lines, and spelled again in hex or `\u` escapes.
@Suite(.ownThreads) struct Base64RunRedactionTests {
  private static let standard = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
  private static let urlSafe = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

  /// `bytes` in base64 with padding, in `alphabet`.
  static func base64(_ bytes: [UInt8], alphabet: [UInt8] = standard) -> [UInt8] {
    var output: [UInt8] = []
    var index = 0
    while index < bytes.count {
      let chunk = Array(bytes[index..<min(index + 3, bytes.count)])
      let bits = chunk.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << UInt32(16 - 8 * $1.offset) }
      for digit in 0..<(chunk.count + 1) { output.append(alphabet[Int(bits >> UInt32(18 - 6 * digit)) & 63]) }
      output += [UInt8](repeating: UInt8(ascii: "="), count: 3 - chunk.count)
      index += 3
    }
    return output
  }

  private static func redactors(_ vault: [(name: String, value: Secret)]) -> (indexed: Redactor, decoded: Redactor) {
    (Redactor(secrets: vault, base64: .indexed), Redactor(secrets: vault, base64: .decoded))
  }

  private static func shown(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

  @Test func aValueInsideLongerBase64IsFoundAtEveryAlignmentInEitherAlphabet() {
    let value = Array("s3cr3t-Value_with-Len".utf8)
    let (indexed, decoded) = Self.redactors([("TOKEN", Secret(Self.shown(value)))])
    for alphabet in [Self.standard, Self.urlSafe] {
      for before in 0..<7 {
        for after in 0..<4 {
          let prefix = (0..<before).map { UInt8(0x41 + $0 * 7) }
          let suffix = (0..<after).map { UInt8(0xE0 - $0 * 3) }
          let encoded = Self.base64(prefix + value + suffix, alphabet: alphabet)
          let text = Array("blob=\"".utf8) + encoded + Array("\" end".utf8)
          let fromIndex = indexed.redact(bytes: text)
          #expect(fromIndex != text, "the indexed forms find it: \(before) before, \(after) after")
          #expect(Self.shown(decoded.redact(bytes: text)) == Self.shown(fromIndex), "\(before) before, \(after) after")
          #expect(decoded.containsKnownSecret(Self.shown(text)), "\(before) before, \(after) after")
        }
      }
    }
  }

  @Test func aFragmentWithoutItsEdgeCharactersOrWithForeignOnesIsFound() {
    let value = Array("0123456789abcdefXYZ!".utf8)
    let (indexed, decoded) = Self.redactors([("KEY", Secret(Self.shown(value)))])
    for before in 0..<3 {
      let encoded = Self.base64([UInt8](repeating: 0x7F, count: before) + value + [0x00, 0xFF])
      for cutStart in 0..<4 {
        for cutEnd in 0..<5 {
          var fragment = Array(encoded[cutStart..<(encoded.count - cutEnd)])
          let texts = [
            Array("x ".utf8) + fragment + Array(" y".utf8),
            Array("Zz".utf8) + fragment + Array("Qq9".utf8),
          ]
          for text in texts {
            #expect(Self.shown(decoded.redact(bytes: text)) == Self.shown(indexed.redact(bytes: text)), "\(before) before, cut \(cutStart)/\(cutEnd)")
          }
          if !fragment.isEmpty {
            fragment[0] = fragment[0] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
            #expect(Self.shown(decoded.redact(bytes: fragment)) == Self.shown(indexed.redact(bytes: fragment)), "foreign first character")
          }
        }
      }
    }
  }

  @Test func everyStartOfARunLongerThanOnePieceIsSearched() throws {
    let value = Array("piece-boundary-secret-42".utf8)
    let (indexed, decoded) = Self.redactors([("LONG", Secret(Self.shown(value)))])
    var generator = SeededGenerator(seed: 0xB64)
    var bytes = (0..<120_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
    for place in [0, 1, 24_570, 24_575, 24_580, 49_151, 49_152, 60_000, 119_976] {
      bytes.replaceSubrange(place..<(place + value.count), with: value)
    }
    let text = Array("data:".utf8) + Self.base64(bytes) + Array("\n".utf8)
    let expected = indexed.redact(bytes: text)
    #expect(Self.shown(expected).components(separatedBy: "[redacted:LONG]").count - 1 == 5)
    let whole = decoded.redact(bytes: text) == expected
    #expect(whole, "the whole text")
    for chunk in [30_000, 1 << 17] {
      let streamed = try RedactionIndexTests.pump(text, decoded, chunkSize: chunk) == expected
      #expect(streamed, "chunks of \(chunk)")
    }
  }

  @Test func base64SpelledAgainInHexOrEscapesOrWrappedIntoLinesIsFound() {
    let value = "nested-spelling-of-a-secret"
    let (indexed, decoded) = Self.redactors([("NEST", Secret(value))])
    let encoded = Self.base64(Array(("prefix:" + value).utf8))
    let hex = encoded.map { String(format: "%02x", $0) }.joined()
    let escaped = encoded.map { String(format: "\\u%04x", $0) }.joined()
    for text in ["hex \(hex) end", "{\"v\":\"\(escaped)\"}"] {
      let fromIndex = indexed.redact(text)
      #expect(fromIndex != text)
      #expect(decoded.redact(text) == fromIndex)
    }
    var generator = SeededGenerator(seed: 0x11E5)
    let blob = (0..<100).map { _ in UInt8.random(in: 0...255, using: &generator) } + Array(value.utf8) + [1, 2, 3]
    for width in [64, 76] {
      let lines = stride(from: 0, to: Self.base64(blob).count, by: width).map { Self.shown(Array(Self.base64(blob)[$0..<min($0 + width, Self.base64(blob).count)])) }
      let text = "-----BEGIN DATA-----\n" + lines.joined(separator: "\n") + "\n-----END DATA-----\n"
      let fromIndex = indexed.redact(text)
      #expect(fromIndex != text, "width \(width)")
      #expect(decoded.redact(text) == fromIndex, "width \(width)")
      #expect(decoded.containsKnownSecret(text), "width \(width)")
    }
  }

  @Test func wrappedLinesAreFoundWhereverAChunkStarts() throws {
    let values = ["wrapped-secret-number-one", "another-wrapped-secret-2"]
    let vault = values.enumerated().map { (name: "W\($0.offset)", value: Secret($0.element)) }
    let (indexed, decoded) = Self.redactors(vault)
    var generator = SeededGenerator(seed: 0x7EA9)
    var document = ""
    for before in 40..<48 {
      var blob = (0..<(48 + before)).map { _ in UInt8.random(in: 0...255, using: &generator) }
      blob += Array(values[before % 2].utf8) + (0..<30).map { _ in UInt8.random(in: 0...255, using: &generator) }
      let encoded = Self.base64(blob)
      let lines = stride(from: 0, to: encoded.count, by: 64).map { Self.shown(Array(encoded[$0..<min($0 + 64, encoded.count)])) }
      document += "-----BEGIN DATA-----\n" + lines.joined(separator: "\n") + "\n-----END DATA-----\n"
    }
    let text = RedactionDifferentialTests.padded(Array(document.utf8))
    let expected = indexed.redact(bytes: text)
    #expect(Self.shown(expected).components(separatedBy: "[redacted:W").count == 9, "each value starts on the last characters of a line")
    for chunk in [5, 9, 31, 61, 64, 65, 70, 127, 333] {
      let same = try RedactionIndexTests.pump(text, decoded, chunkSize: chunk) == expected
      #expect(same, "chunks of \(chunk)")
    }
  }

  @Test(arguments: [Redactor.Base64Search.indexed, .decoded])
  func aBlockThatChangesWidthPartWayIsSearchedAcrossTheChange(base64: Redactor.Base64Search) throws {
    let value = Array("mixed-width-secret-value-that-spans-two-line-breaks-0123456789".utf8)
    let redactor = Redactor(secrets: [("MW", Secret(Self.shown(value)))], base64: base64)
    var generator = SeededGenerator(seed: 77)
    for before in [100, 102, 104] {
      let blob = (0..<before).map { _ in UInt8.random(in: 0...255, using: &generator) } + value
        + (0..<120).map { _ in UInt8.random(in: 0...255, using: &generator) }
      let encoded = Self.base64(blob)
      var lines = [Array(encoded[0..<76]), Array(encoded[76..<152])]
      lines += stride(from: 152, to: encoded.count, by: 64).map { Array(encoded[$0..<min($0 + 64, encoded.count)]) }
      let text = RedactionDifferentialTests.padded(Array("-----BEGIN X-----\n".utf8) + lines.map { $0 + [10] }.joined() + Array("-----END X-----\n".utf8))
      let whole = redactor.redact(bytes: text)
      #expect(Self.shown(whole).contains("[redacted:MW]"), "\(before) bytes before, \(base64)")
      for chunk in [100, 4096] {
        let same = try RedactionIndexTests.pump(text, redactor, chunkSize: chunk) == whole
        #expect(same, "\(before) bytes before, chunks of \(chunk), \(base64)")
      }
    }
  }

  @Test(arguments: 0..<4) func decodingMatchesIndexingOnRandomVaultsAndTexts(batch: Int) throws {
    var generator = SeededGenerator(seed: 0xDEC0DE &+ UInt64(batch))
    let characters = Array("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ0123456789-_./+ %\"\\éß日".utf8)
    for trial in 0..<20 {
      let values = (0..<Int.random(in: 1...8, using: &generator)).map { _ in
        (0..<Int.random(in: 8...36, using: &generator)).map { _ in characters.randomElement(using: &generator) ?? 65 }
      }
      let vault = values.enumerated().map { (name: "V\($0.offset)", value: Secret(Self.shown($0.element))) }
      let (indexed, decoded) = Self.redactors(vault)
      var text: [UInt8] = []
      for _ in 0..<Int.random(in: 5...30, using: &generator) {
        let junk = (0..<Int.random(in: 0...6, using: &generator)).map { _ in Self.standard.randomElement(using: &generator) ?? 65 }
        let value = values.randomElement(using: &generator) ?? []
        let around = (0..<Int.random(in: 0...5, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let split = Int.random(in: 0...around.count, using: &generator)
        var encoded = Self.base64(Array(around[..<split]) + value + around[split...], alphabet: Bool.random(using: &generator) ? Self.standard : Self.urlSafe)
        let cut = min(Int.random(in: 0...2, using: &generator), encoded.count)
        encoded.removeFirst(cut)
        text += Array(" ; ".utf8) + junk + encoded
        if Bool.random(using: &generator) { text += value }
      }
      let expected = indexed.redact(bytes: text)
      #expect(Self.shown(decoded.redact(bytes: text)) == Self.shown(expected), "batch \(batch) trial \(trial)")
      let padded = RedactionDifferentialTests.padded(text)
      let chunk = Int.random(in: 30...300, using: &generator)
      #expect(try RedactionIndexTests.pump(padded, decoded, chunkSize: chunk) == indexed.redact(bytes: padded), "batch \(batch) trial \(trial), chunks of \(chunk)")
    }
  }

  @Test func aLargeVaultBuiltInPartsDecodesEverySpelling() {
    let values = (0..<2_400).map { "large-vault-value-\($0)-padding" }
    let vault = values.enumerated().map { (name: "L\($0.offset)", value: Secret($0.element)) }
    let decoded = Redactor(secrets: vault)
    let indexed = Redactor(secrets: vault, base64: .indexed)
    var text = ""
    for index in stride(from: 0, to: values.count, by: 131) {
      let bytes = Array(values[index].utf8)
      text += "a \(Self.shown(Self.base64(bytes))) b \(Self.shown(Self.base64([9] + bytes, alphabet: Self.urlSafe))) c\n"
    }
    let expected = indexed.redact(text)
    #expect(!expected.contains("bGFyZ2Ut"), "the indexed forms find each one")
    #expect(decoded.redact(text) == expected)
  }
}
