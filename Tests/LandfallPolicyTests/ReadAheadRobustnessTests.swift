import Foundation
import LandfallModel
import LandfallPolicy
import Testing

/// Attacks on the read-ahead pump and the byte-scanning secrets-file reader: the cases a hostile
/// review found, kept so they stay fixed.
@Suite(.ownThreads) struct ReadAheadRobustnessTests {
  private static func entries(_ text: String) -> String {
    do {
      return "OK " + (try Dotenv.parse(text)).map { "\($0.name.debugDescription)=\($0.value.debugDescription)" }.joined(separator: " | ")
    } catch {
      return "ERR line \(error.line.map(String.init) ?? "-") column \(error.column.map(String.init) ?? "-"): \(error.message)"
    }
  }

  /// Lines split at `\n`; a `\r` is dropped only before a `\n`, so the last line of a file
  /// without a final newline keeps its `\r`.
  @Test func aFinalLineEndingInCarriageReturnParsesAsBefore() {
    let before: [(String, String)] = [
      ("A=b\r", "OK \"A\"=\"b\\r\""),
      ("TOKEN=abc\nB=c\r", "OK \"TOKEN\"=\"abc\" | \"B\"=\"c\\r\""),
      ("é=1\r", "OK \"é\"=\"1\\r\""),
      ("A=b\r\r", "OK \"A\"=\"b\\r\\r\""),
      ("A=b\n\r", "ERR line 2 column -: expected NAME=value"),
      ("\r", "ERR line 1 column -: expected NAME=value"),
      ("export A='x'\r", "ERR line 1 column -: the value of A has an unclosed quote"),
      ("A=\"x y\"\r", "ERR line 1 column -: the value of A has an unclosed quote"),
    ]
    for (text, expected) in before {
      #expect(Self.entries(text) == expected, "\(text.debugDescription)")
    }
  }

  /// CRLF, blank lines, a BOM and duplicates read as they always have.
  @Test func otherLineEndingsParseAsBefore() {
    let before: [(String, String)] = [
      ("A=b\r\n", "OK \"A\"=\"b\""),
      ("A=b\n\r\nB=c", "OK \"A\"=\"b\" | \"B\"=\"c\""),
      ("\u{FEFF}A=b", "ERR line 1 column 1: the text before = is not a variable name (letters, digits, _, . and -, not starting with a digit)"),
      ("A=1\nA=2\r\n", "OK \"A\"=\"2\""),
    ]
    for (text, expected) in before {
      #expect(Self.entries(text) == expected, "\(text.debugDescription)")
    }
  }

  /// A read-ahead larger than memory (or `Int.max`) is capped, not allocated.
  @Test(arguments: [Int.max, 1 << 36]) func aHugeReadAheadIsCapped(readAhead: Int) throws {
    var given = false
    var output: [UInt8] = []
    try RedactingPump.run(
      building: { Redactor() }, readAhead: readAhead,
      read: { buffer in
        guard !given else { return 0 }
        given = true
        buffer.copyBytes(from: Array("hello".utf8))
        return 5
      }, write: { output.append(contentsOf: $0) })
    #expect(output == Array("hello".utf8))
  }

  /// Shapes found while reading ahead are handed out from the front, once each.
  @Test func shapesFoundAheadCostLinearTime() throws {
    var input: [UInt8] = []
    let line = Array("Bearer abcdefghijklmnopqrstu\n".utf8)
    while input.count < 2_000_000 { input += line }
    let redactor = Redactor()
    var clock = ContinuousClock.now
    let plain = try RedactingPumpTests.pumpReadingAhead(input, redactor, chunkSize: 1024, readSize: 1 << 20, readAhead: 0)
    let plainTime = ContinuousClock.now - clock
    clock = ContinuousClock.now
    let ahead = try RedactingPumpTests.pumpReadingAhead(input, redactor, chunkSize: 1024, readSize: 1 << 20, readAhead: 1 << 24)
    let aheadTime = ContinuousClock.now - clock
    let same = plain == ahead
    #expect(same)
    #expect(aheadTime < plainTime * 3, "plain \(plainTime), read ahead \(aheadTime)")
  }

  /// A private key without a footer is redacted for 64 KiB; a second key starting inside it is
  /// skipped by the whole-text scan, and a stream whose chunks find nothing in between must not
  /// forget that skip.
  @Test func aKeyInsideAKeyIsSkippedWhenStreamedAsInTheWholeText() throws {
    let key = Array("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n".utf8)
    var input = [UInt8](repeating: UInt8(ascii: "|"), count: 150_000)
    input.replaceSubrange(300..<(300 + key.count), with: key)
    input.replaceSubrange(10_000..<(10_000 + key.count), with: key)
    let footer = Array("-----END PRIVATE KEY-----".utf8)
    input.replaceSubrange(70_000..<(70_000 + footer.count), with: footer)
    let redactor = Redactor()
    let whole = redactor.redact(bytes: input)
    let streamed = try RedactingPumpTests.pump(input, redactor, chunkSize: 4096, readSize: 1 << 20)
    let ahead = try RedactingPumpTests.pumpReadingAhead(input, redactor, chunkSize: 4096, readSize: 1 << 20, readAhead: 1 << 20)
    let streamedIsWhole = streamed == whole, aheadIsWhole = ahead == whole
    #expect(streamedIsWhole, "streamed \(streamed.count) bytes, whole \(whole.count)")
    #expect(aheadIsWhole, "read ahead \(ahead.count) bytes, whole \(whole.count)")
  }

  private static func piece(_ generator: inout SeededGenerator, _ values: [String]) -> String {
    func token(_ count: Int) -> String {
      let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.+/=~")
      return String((0..<count).map { _ in letters[Int.random(in: 0..<letters.count, using: &generator)] })
    }
    let value = values[Int.random(in: 0..<values.count, using: &generator)]
    let pieces = [
      "Bearer " + token(Int.random(in: 12...40, using: &generator)),
      "ghp_" + token(Int.random(in: 18...40, using: &generator)),
      "-----BEGIN RSA PRIVATE KEY-----\n" + token(64) + "\n" + token(20) + "\n-----END RSA PRIVATE KEY-----",
      "-----BEGIN PRIVATE KEY-----\\n" + token(40) + "\\n-----END PRIVATE KEY-----",
      "postgres://user:" + token(Int.random(in: 1...20, using: &generator)) + "@db.example.com/x",
      "API_KEY=" + token(Int.random(in: 8...60, using: &generator)),
      "TOKEN=\"" + token(20) + "'" + value + "\"", "PASSWORD: '" + token(14) + " x'",
      value, Data(value.utf8).base64EncodedString(), value.utf8.map { String(format: "%02x", $0) }.joined(),
      "é", "\r\n", ",", "@", "{", " ", "\u{1F511}", token(Int.random(in: 1...24, using: &generator)),
    ]
    return pieces[Int.random(in: 0..<pieces.count, using: &generator)]
  }

  @Test func readAheadStreamsEqualTheWholeTextForShapesOfAtMost4KiB() throws {
    let horizon = 64 * 1024 + 256
    var generator = SeededGenerator(seed: 2026)
    for round in 0..<16 {
      let values = (0..<4).map { _ in Samples.secretValue(&generator) } + [String(repeating: "Qz9-", count: 2000)]
      let redactor = Redactor(secrets: values.enumerated().map { ("S\($0.offset)", Secret($0.element)) })
      let chunk = [Int.random(in: 1_000...9_000, using: &generator), Int.random(in: 9_000...70_000, using: &generator), 1 << 17][round % 3]
      let readAhead = [0, 1, horizon - 3, horizon + 5, 2 * chunk + 7, chunk + horizon, Int.random(in: 1...300_000, using: &generator), 1 << 20][round % 8]
      var input: [UInt8] = []
      let length = Int.random(in: 100_000...320_000, using: &generator)
      while input.count < length {
        if Bool.random(using: &generator) {
          input += [UInt8](repeating: UInt8(ascii: [" ", "|", "\n"][Int.random(in: 0...2, using: &generator)]), count: Int.random(in: 1...3_000, using: &generator))
        } else {
          input += Array(Self.piece(&generator, values).utf8)
        }
      }
      for point in [readAhead, readAhead - horizon, chunk, 2 * chunk - horizon, 3 * chunk - horizon, input.count - 30] {
        let planted = Array(Self.piece(&generator, values).utf8)
        let at = point - Int.random(in: 0...planted.count, using: &generator)
        if at >= 0, at + planted.count <= input.count { input.replaceSubrange(at..<(at + planted.count), with: planted) }
      }
      let whole = redactor.redact(bytes: input)
      let read = [1, 7, 4096, 1 << 20][round % 4]
      let ahead = try RedactingPumpTests.pumpReadingAhead(input, redactor, chunkSize: chunk, readSize: read, readAhead: readAhead)
      let same = ahead == whole
      #expect(same, "round \(round): chunk \(chunk), readAhead \(readAhead), read \(read), \(input.count) bytes")
      let text = String(decoding: ahead, as: UTF8.self)
      #expect(!values.contains { text.contains($0) }, "round \(round)")
    }
  }
}
