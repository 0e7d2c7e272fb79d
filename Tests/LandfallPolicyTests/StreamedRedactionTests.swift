import Foundation
import LandfallModel
import LandfallPolicy
import LandfallTestSupport
import Testing

/// A stream redacted in chunks of any size gives the text a whole-text redaction gives: shapes
/// that lie inside other findings, spellings of forms inside decoded runs, and findings whose
/// end is cut off by the end of the input are judged the same way on both paths.
@Suite(.ownThreads) struct StreamedRedactionTests {
  /// `middle` with room around it, so a pump (which holds back the longest credential shape)
  /// really cuts it into chunks.
  private static func padded(_ middle: String) -> [UInt8] {
    [UInt8](repeating: UInt8(ascii: "|"), count: 300) + Array(middle.utf8) + [UInt8](repeating: UInt8(ascii: "|"), count: 70_000)
  }

  private static func streamed(_ input: [UInt8], _ redactor: Redactor, chunk: Int, read: Int = 1 << 20) throws -> String {
    String(decoding: try RedactingPumpTests.pump(input, redactor, chunkSize: chunk, readSize: read), as: UTF8.self)
  }

  private static func token(_ count: Int, _ generator: inout SeededGenerator) -> String {
    let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
    return String((0..<count).map { _ in letters.randomElement(using: &generator) ?? "x" })
  }

  @Test func aShapeInsideAnotherIsSkippedAsInAWholeText() throws {
    let redactor = Redactor()
    let input = Self.padded("PASSWORD=\"Ab1cD2eF3gH4TOKEN='Zz9Yy8\"SECRET=\"Mm1'Nn2Bb3Vv4Cc5\" end")
    let whole = String(decoding: redactor.redact(bytes: input), as: UTF8.self)
    #expect(whole.contains("PASSWORD=\"[redacted:credential]\"SECRET=\"[redacted:credential]\" end"))
    for chunk in 1...80 {
      let streamed = try Self.streamed(input, redactor, chunk: chunk)
      #expect(streamed == whole, "chunks of \(chunk)")
      #expect(!streamed.contains("Nn2Bb3Vv4Cc5"), "chunks of \(chunk)")
    }
  }

  @Test func aFormSpelledInEscapesIsFoundAcrossChunksAndPieces() throws {
    let value = "s3cr3t-Value_with-Len"
    let redactor = Redactor(secrets: [("TOKEN", Secret(value))])
    let escapedBase64 = Data(value.utf8).base64EncodedString().utf16.map { String(format: "\\u%04x", $0) }.joined()
    let input = Self.padded("x \(escapedBase64) y")
    let whole = String(decoding: redactor.redact(bytes: input), as: UTF8.self)
    #expect(whole.contains("x [redacted:TOKEN] y"))
    for chunk in [1, 2, 7, 50, 333] { #expect(try Self.streamed(input, redactor, chunk: chunk) == whole, "chunks of \(chunk)") }
    for shift in stride(from: -escapedBase64.count, through: 0, by: 6) {
      let before = (49_152 + shift) / 6
      let text = "<" + String(repeating: "\\u0030", count: before) + escapedBase64 + String(repeating: "\\u0030", count: 2_000) + ">"
      #expect(redactor.redact(text).contains("[redacted:TOKEN]"), "shift \(shift)")
    }
  }

  @Test func aKeyFooterWithoutItsDashesEndsWhereItWouldInAStream() throws {
    let redactor = Redactor()
    let input = [UInt8](repeating: UInt8(ascii: "|"), count: 300)
      + Array("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END ".utf8)
      + [UInt8](repeating: UInt8(ascii: "|"), count: 150_000) + Array("tail".utf8)
    let whole = String(decoding: redactor.redact(bytes: input), as: UTF8.self)
    #expect(whole.hasSuffix("tail"))
    #expect(try Self.streamed(input, redactor, chunk: 1_000) == whole)
  }

  private static let mixtureValues = [
    "Alpha-value-one-XYZW", "XYZW-beta-value-two!", "beta-value-two!-Gamma-three-", "short7!", "pässwörd-日本-🔑-long-enough",
    "s3cr3t-Value_with-Len", "Gamma-three-Delta4", "a/b+c=d?e&f-0123",
  ]

  /// One to eight values, spellings of values and credential shapes, run together with
  /// separators between them.
  private static func mixture(_ generator: inout SeededGenerator) -> String {
    let values = mixtureValues
    func hex(_ text: String, _ separator: String) -> String { text.utf8.map { String(format: "%02x", $0) }.joined(separator: separator) }
    func escaped(_ text: String) -> String { text.utf16.map { String(format: "\\u%04x", $0) }.joined() }
    var middle = ""
    for _ in 0..<Int.random(in: 1...8, using: &generator) {
      let value = values.randomElement(using: &generator) ?? values[0]
      let pieces = [
        value, "Alpha-value-one-XYZW-beta-value-two!-Gamma-three-Delta4", hex(value, ""), hex(value, " "), escaped(value),
        Data(value.utf8).base64EncodedString(), "API_KEY=" + Self.token(Int.random(in: 12...60, using: &generator), &generator),
        "TOKEN=\"" + Self.token(20, &generator) + "'" + value + "\"",
        "-----BEGIN RSA PRIVATE KEY-----\n" + Self.token(64, &generator) + "\n" + value + "\n-----END RSA PRIVATE KEY-----",
        "ghp_" + Self.token(Int.random(in: 20...50, using: &generator), &generator) + value,
        "Authorization: Bearer " + Self.token(30, &generator), "https://user:" + value.replacingOccurrences(of: "/", with: "x") + "@host/x",
        value + value, "PASSWORD=\"" + Self.token(12, &generator) + "TOKEN='" + Self.token(8, &generator) + "\"SECRET=\"" + Self.token(5, &generator)
          + "'" + Self.token(12, &generator) + "\"",
        "db_password: " + Self.token(30, &generator) + "KEY=" + value,
        String(repeating: "\\u0041", count: Int.random(in: 0...40, using: &generator)) + escaped(value),
        "sk-ant-" + Self.token(Int.random(in: 10...300, using: &generator), &generator) + "-" + value,
      ]
      middle += ([" ", "", "\n", "=", ":", "\"", ", "].randomElement(using: &generator) ?? " ") + (pieces.randomElement(using: &generator) ?? value)
    }
    return middle
  }

  private static var mixtureRedactor: Redactor {
    Redactor(secrets: mixtureValues.enumerated().map { ("S\($0.offset)", Secret($0.element)) })
  }

  @Test(arguments: 0..<4) func randomMixturesOfValuesAndShapesStreamAsTheyRedactWhole(batch: Int) throws {
    var generator = SeededGenerator(seed: 0x5_7EA3 &+ UInt64(batch))
    let redactor = Self.mixtureRedactor
    for round in 0..<20 {
      let input = Self.padded(Self.mixture(&generator))
      let whole = String(decoding: redactor.redact(bytes: input), as: UTF8.self)
      for chunk in [Int.random(in: 1...40, using: &generator), Int.random(in: 41...4_000, using: &generator)] {
        let read = Int.random(in: 1...100_000, using: &generator)
        #expect(try Self.streamed(input, redactor, chunk: chunk, read: read) == whole, "batch \(batch) round \(round), chunks of \(chunk)")
      }
    }
  }

  /// While a large vault is built, the pump reads ahead and scans for shapes alone; a stream
  /// read that way, cut anywhere, gives what the whole text gives.
  @Test(arguments: 0..<3) func readingAheadWhileTheVaultIsBuiltRedactsAsTheWholeText(batch: Int) throws {
    var generator = SeededGenerator(seed: 0xAE_AD00 &+ UInt64(batch))
    let redactor = Self.mixtureRedactor
    for round in 0..<4 {
      var text = ""
      while text.utf8.count < 400_000 {
        text += Self.mixture(&generator) + String(repeating: "log line words ", count: Int.random(in: 0...2_000, using: &generator))
      }
      let input = Array(text.utf8)
      let whole = redactor.redact(bytes: input)
      for readAhead in [0, Int.random(in: 1...70_000, using: &generator), Int.random(in: 70_000...300_000, using: &generator), 1 << 20] {
        let chunk = Int.random(in: 500...40_000, using: &generator)
        let read = Int.random(in: 1...100_000, using: &generator)
        let streamed = try RedactingPumpTests.pumpReadingAhead(input, redactor, chunkSize: chunk, readSize: read, readAhead: readAhead)
        #expect(streamed == whole, "batch \(batch) round \(round), read ahead \(readAhead), chunks of \(chunk), reads of \(read)")
      }
    }
  }
}
