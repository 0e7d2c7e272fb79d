import Foundation
import LandfallModel
import LandfallPolicy
import LandfallTestSupport
import Testing

/// The sampled index keeps every form findable whatever the mix of lengths and however many
/// secrets there are, and a stream cut anywhere gives the same bytes.
@Suite(.ownThreads) struct RedactionIndexTests {
  /// `pieces` joined, and joined with each secret piece replaced by its marker.
  static func text(_ pieces: [(text: String, secret: String?)]) -> (input: [UInt8], expected: [UInt8]) {
    var input: [UInt8] = []
    var expected: [UInt8] = []
    for piece in pieces {
      input += Array(piece.text.utf8)
      expected += Array((piece.secret.map { "[redacted:\($0)]" } ?? piece.text).utf8)
    }
    return (input, expected)
  }

  static func pump(_ input: [UInt8], _ redactor: Redactor, chunkSize: Int) throws -> [UInt8] {
    var offset = 0
    var output: [UInt8] = []
    try RedactingPump(redactor, chunkSize: chunkSize).run(
      read: { buffer in
        let count = min(buffer.count, input.count - offset)
        if count > 0 { buffer.copyBytes(from: input[offset..<(offset + count)]) }
        offset += count
        return count
      },
      write: { output.append(contentsOf: $0) })
    return output
  }

  @Test func aShortAndALongFormAreBothRedactedWhereverAChunkEnds() throws {
    let short = "q7Rz!k"
    let long = "Long-secret-value-with-thirty-nine-byte"
    let redactor = Redactor(secrets: [("SHORT", Secret(short)), ("LONG", Secret(long))])
    let shortHex = Array(short.utf8).map { String(format: "%02x", $0) }.joined()
    let longBase64 = Data(long.utf8).base64EncodedString()
    let longEscaped = Array(long.utf8).map { String(format: "\\u%04x", $0) }.joined()
    let (input, expected) = Self.text([
      ("alpha ", nil), (short, "SHORT"), (" beta ", nil), (long, "LONG"), (" gamma ", nil), (shortHex, "SHORT"),
      (" delta ", nil), (longBase64, "LONG"), (" ", nil), (long, "LONG"), (short, "SHORT"), (" epsilon ", nil),
      (longEscaped, "LONG"), (" zeta", nil),
    ])
    #expect(redactor.redact(bytes: input) == expected)
    for chunkSize in 1...(input.count + 1) {
      #expect(try Self.pump(input, redactor, chunkSize: chunkSize) == expected, "chunk size \(chunkSize)")
    }
  }

  @Test func tenThousandSecretsAreAllFound() {
    var generator = SeededGenerator(seed: 31)
    let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789")
    let values = (0..<10_000).map { _ in
      String((0..<(Int.random(in: 6...13, using: &generator) * 3)).map { _ in alphabet.randomElement(using: &generator) ?? "x" })
    }
    let redactor = Redactor(secrets: values.enumerated().map { ("S\($0.offset)", Secret($0.element)) })
    var pieces: [(text: String, secret: String?)] = []
    for (index, value) in values.enumerated() {
      pieces.append((" took 12ms ", nil))
      switch index % 3 {
      case 0: pieces.append((value, "S\(index)"))
      case 1: pieces.append((Data(value.utf8).base64EncodedString(), "S\(index)"))
      default: pieces.append((Array(value.utf8).map { String(format: "%02X", $0) }.joined(separator: ":"), "S\(index)"))
      }
    }
    let (input, expected) = Self.text(pieces)
    #expect(redactor.redact(bytes: input) == expected)
  }

  @Test func base64InEitherAlphabetIsRedactedWhenTheAlphabetsDiffer() {
    var generator = SeededGenerator(seed: 32)
    var checked = 0
    while checked < 50 {
      let value = String((0..<24).map { _ in Character(Unicode.Scalar(UInt8.random(in: 0x21...0x7E, using: &generator))) })
      let standard = Data(value.utf8).base64EncodedString()
      guard standard.contains("+"), standard.contains("/") else { continue }
      checked += 1
      let urlSafe = standard.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
      let redactor = Redactor(secrets: [("KEY", Secret(value))])
      #expect(redactor.redact("a \(standard) b") == "a [redacted:KEY] b", "\(standard)")
      #expect(redactor.redact("a \(urlSafe) b") == "a [redacted:KEY] b", "\(urlSafe)")
      let neither = standard.replacingOccurrences(of: "+", with: ".").replacingOccurrences(of: "/", with: ".")
      #expect(!redactor.containsKnownSecret("a \(neither) b"), "\(neither)")
    }
  }
}
