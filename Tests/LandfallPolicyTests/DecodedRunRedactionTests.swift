import Foundation
import LandfallModel
import LandfallPolicy
import LandfallTestSupport
import Testing

/// Hex and `\uXXXX` spellings of long values are found by decoding runs of the text rather than
/// by indexing each spelling; these are the cases a spelling index never had to think about.
@Suite(.ownThreads) struct DecodedRunRedactionTests {
  private static let value = "s3cr3t-Value_with-Len"
  private let redactor = Redactor(secrets: [("TOKEN", Secret(Self.value))])

  private func hex(_ text: String, uppercase: Bool = false) -> String {
    text.utf8.map { String(format: uppercase ? "%02X" : "%02x", $0) }.joined()
  }

  @Test func hexInsideALongerDumpIsFoundAtEitherDigitAlignment() {
    for prefix in ["", "a", "0f", "abc", "00112233445566778899"] {
      let text = "dump \(prefix)\(hex(Self.value))77 end"
      #expect(redactor.redact(text) == "dump \(prefix)[redacted:TOKEN]77 end", "prefix \(prefix)")
    }
  }

  @Test func hexWithMixedCaseAndMixedSeparatorsIsFound() {
    let bytes = Array(Self.value.utf8).map { String(format: "%02x", $0) }
    let mixed = bytes.enumerated().map { index, pair in index % 3 == 0 ? pair.uppercased() : pair }
    let separated = mixed.enumerated().map { index, pair in index == 0 ? pair : (index % 2 == 0 ? ":" : " ") + pair }.joined()
    #expect(redactor.redact("bytes \(separated) done") == "bytes [redacted:TOKEN] done")
    let words = stride(from: 0, to: mixed.count, by: 2).map { mixed[$0..<min($0 + 2, mixed.count)].joined() }.joined(separator: " ")
    #expect(redactor.redact("[\(words)]") == "[[redacted:TOKEN]]")
  }

  @Test func aHexdumpLineWithItsDoubleSpaceIsFound() {
    let pairs = Array(Self.value.utf8).map { String(format: "%02x", $0) }
    let line = pairs[0..<8].joined(separator: " ") + "  " + pairs[8...].joined(separator: " ")
    #expect(redactor.redact("00000000  \(line)  |text|") == "00000000  [redacted:TOKEN]  |text|")
  }

  @Test func escapesInEitherCaseAndWithSurrogatePairsAreFound() {
    let wide = "pässwörd-日本-🔑-long-enough"
    let redactor = Redactor(secrets: [("WIDE", Secret(wide)), ("TOKEN", Secret(Self.value))])
    for uppercase in [false, true] {
      let escaped = wide.utf16.map { String(format: uppercase ? "\\u%04X" : "\\u%04x", $0) }.joined()
      #expect(redactor.redact("{\"k\":\"\(escaped)\"}") == "{\"k\":\"[redacted:WIDE]\"}")
      let ascii = Self.value.utf16.map { String(format: uppercase ? "\\u%04X" : "\\u%04x", $0) }.joined()
      #expect(redactor.redact("x\\u0041\(ascii)\\u0042y") == "x\\u0041[redacted:TOKEN]\\u0042y")
    }
  }

  @Test func aLoneSurrogateBreaksTheDecodedTextWithoutHarm() {
    let half = Self.value.count / 2
    let first = Self.value.prefix(half).utf16.map { String(format: "\\u%04x", $0) }.joined()
    let second = Self.value.dropFirst(half).utf16.map { String(format: "\\u%04x", $0) }.joined()
    let split = first + "\\ud800" + second
    #expect(redactor.redact(split) == split)
    #expect(redactor.redact("\\udc00\\ud83d\\u0041" + first + second) == "\\udc00\\ud83d\\u0041[redacted:TOKEN]")
  }

  @Test(arguments: [Redactor.Base64Search.indexed, .decoded])
  func theHexOfAShortIndexedFormIsFoundWhenAChunkStartsInsideItsRun(base64: Redactor.Base64Search) throws {
    let vault: [(name: String, value: Secret)] = [("P0", Secret("@z\tp3c+oyEh")), ("P2", Secret("949GdbHE-CqA%fn+4"))]
    let redactor = Redactor(secrets: vault, base64: base64)
    let text = RedactionDifferentialTests.padded(Array("wwA5F9d4fA6c BedD051486f4a63444e6a4b32393552576842O2Cg end".utf8))
    let whole = redactor.redact(bytes: text)
    #expect(String(decoding: whole, as: UTF8.self).contains("[redacted:P0]"), "the hex of a base64 form of the short value")
    for chunk in [1, 2, 31, 61, 62] {
      #expect(try RedactionIndexTests.pump(text, redactor, chunkSize: chunk) == whole, "chunks of \(chunk)")
    }
  }

  @Test func hexAndEscapesAreFoundWhereverAChunkEnds() throws {
    let filler = String(repeating: "0123456789abcdef ", count: 40)
    let escaped = Self.value.utf16.map { String(format: "\\u%04x", $0) }.joined()
    let middle = Array("head \(filler)\(hex(Self.value, uppercase: true))\(filler) tail \\u0041\(escaped) end".utf8)
    let padding = [UInt8](repeating: UInt8(ascii: "|"), count: 70_000)
    let input = [UInt8](repeating: UInt8(ascii: "|"), count: 300) + middle + padding
    let whole = redactor.redact(bytes: input)
    #expect(String(decoding: whole, as: UTF8.self).components(separatedBy: "[redacted:TOKEN]").count == 3)
    for chunk in [7, 64, 100, 333, 1000] {
      let streamed = try RedactionIndexTests.pump(input, redactor, chunkSize: chunk)
      #expect(String(decoding: streamed, as: UTF8.self) == String(decoding: whole, as: UTF8.self), "chunks of \(chunk)")
    }
  }

  @Test func digitsWithASeparatorBetweenThemAreNeverOneByte() {
    let redactor = Redactor(secrets: [("SHORT", Secret("test")), ("TOKEN", Secret(Self.value))])
    let dump = String(repeating: "00 ", count: 20) + "a7 46 57 37 4b"
    #expect(redactor.redact(dump) == dump, "the digits of 74 65 73 74 are there, one apart")
    let shifted = "6" + hex(Self.value).map(String.init).joined(separator: " ") + "0"
    #expect(redactor.redact(shifted) == shifted)
    #expect(redactor.redact("xx \(hex("test")) yy") == "xx [redacted:SHORT] yy")
  }

  @Test func aRunLongerThanOneDecodedPieceIsSearchedAcrossItsPieces() {
    let spelledHex = hex(Self.value)
    let spelledEscapes = Self.value.utf16.map { String(format: "\\u%04X", $0) }.joined()
    for (spelled, unit, fill) in [(spelledHex, 2, "ab"), (spelledEscapes, 6, "\\u0030")] {
      for pieceEdge in [49_152, 98_304] {
        for shift in stride(from: -spelled.count, through: 6, by: unit * 3) {
          let before = (pieceEdge + shift) / unit
          let text = "<" + String(repeating: fill, count: max(before, 0)) + spelled + String(repeating: fill, count: 20_000) + ">"
          let redacted = redactor.redact(text)
          #expect(redacted.contains("[redacted:TOKEN]") && !redacted.contains(spelled), "edge \(pieceEdge), shift \(shift)")
        }
      }
    }
  }

  @Test func shortValuesKeepTheirSpellingsAndAreFoundToo() {
    let short = "k9#Tz!"
    let redactor = Redactor(secrets: [("SHORT", Secret(short)), ("TOKEN", Secret(Self.value))])
    #expect(redactor.redact("a \(hex(short)) b") == "a [redacted:SHORT] b")
    #expect(redactor.redact("a \(hex(short, uppercase: true)) b") == "a [redacted:SHORT] b")
    #expect(redactor.containsKnownSecret("x \(hex(Self.value)) y"))
    #expect(!redactor.containsKnownSecret("x \(hex("another-value-entirely")) y"))
  }

  @Test func longRunsOfSeparatorsOrDigitsAreReadOnceAndChangeNothing() {
    let spaces = String(repeating: " : ", count: 200_000)
    let digits = String(repeating: "0123 4567 89ab cdef ", count: 30_000)
    let escapes = String(repeating: "\\u0030", count: 100_000)
    for text in [spaces, digits, escapes] {
      let start = ContinuousClock.now
      #expect(redactor.redact(text) == text)
      #expect(ContinuousClock.now - start < .seconds(20), "a run is decoded once, not once per probe")
    }
  }
}
