import Foundation
import LandfallModel
import LandfallPolicy
import LandfallTestSupport
import Testing

@Suite(.ownThreads) struct RedactingPumpTests {
  /// Runs `input` through a pump in chunks of `chunkSize`, reading at most `readSize` at a time.
  static func pump(_ input: [UInt8], _ redactor: Redactor, chunkSize: Int, readSize: Int) throws -> [UInt8] {
    var offset = 0
    var output: [UInt8] = []
    try RedactingPump(redactor, chunkSize: chunkSize).run(
      read: { buffer in
        let count = min(buffer.count, readSize, input.count - offset)
        if count > 0 { buffer.copyBytes(from: input[offset..<(offset + count)]) }
        offset += count
        return count
      },
      write: { output.append(contentsOf: $0) })
    return output
  }

  /// `pump` through `RedactingPump.run(building:)`, whose build of `redactor` is held until the
  /// pump has read `readAhead` bytes (or all of a shorter input), so the read-ahead really
  /// happens; every write is checked to come after the build.
  static func pumpReadingAhead(_ input: [UInt8], _ redactor: Redactor, chunkSize: Int, readSize: Int, readAhead: Int) throws -> [UInt8] {
    let gate = DispatchSemaphore(value: 0)
    let built = BuildMark()
    var offset = 0
    var released = readAhead <= 0
    if released { gate.signal() }
    var output: [UInt8] = []
    var writesBeforeBuild = 0
    defer { if !released { gate.signal() } }
    try RedactingPump.run(
      building: {
        gate.wait()
        built.isSet = true
        return redactor
      }, chunkSize: chunkSize, readAhead: readAhead,
      read: { buffer in
        let count = min(buffer.count, readSize, input.count - offset)
        if count > 0 { buffer.copyBytes(from: input[offset..<(offset + count)]) }
        offset += count
        if !released, offset >= min(readAhead, input.count) || count == 0 {
          released = true
          gate.signal()
        }
        return count
      },
      write: { bytes in
        if !built.isSet { writesBeforeBuild += 1 }
        output.append(contentsOf: bytes)
      })
    #expect(writesBeforeBuild == 0)
    return output
  }

  /// Set by a build on another thread; read only after the pump waited for that build.
  private final class BuildMark: @unchecked Sendable {
    var isSet = false
  }

  static func randomBytes(_ count: Int, _ generator: inout SeededGenerator) -> [UInt8] {
    (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
  }

  @Test func bytesThatAreNotSecretsPassThroughExactlyIncludingInvalidUTF8() throws {
    var generator = SeededGenerator(seed: 11)
    let redactor = Redactor(secrets: (0..<20).map { ("S\($0)", Secret(Samples.secretValue(&generator))) })
    for round in 0..<6 {
      var input = Self.randomBytes(150_000, &generator)
      input += Array(Samples.prose(&generator, words: 3_000).utf8) + [0xFF, 0xFE, 0xC3]
      let chunk = Int.random(in: 1...40_000, using: &generator)
      #expect(try Self.pump(input, redactor, chunkSize: chunk, readSize: Int.random(in: 1...9_000, using: &generator)) == input, "round \(round)")
      #expect(redactor.redact(bytes: input) == input, "round \(round)")
    }
  }

  @Test func inputReadAheadPassesThroughExactlyAndAnEmptyInputWritesNothing() throws {
    var generator = SeededGenerator(seed: 13)
    let redactor = Redactor(secrets: (0..<20).map { ("S\($0)", Secret(Samples.secretValue(&generator))) })
    let input = Self.randomBytes(600_000, &generator)
    for readAhead in [0, 1, 100_000, 599_999, 600_000, 8 << 20] {
      let chunk = Int.random(in: 1_000...70_000, using: &generator)
      let read = Int.random(in: 1...200_000, using: &generator)
      #expect(try Self.pumpReadingAhead(input, redactor, chunkSize: chunk, readSize: read, readAhead: readAhead) == input, "read ahead \(readAhead)")
      #expect(try Self.pumpReadingAhead([], redactor, chunkSize: chunk, readSize: read, readAhead: readAhead).isEmpty)
    }
  }

  @Test func secretsAcrossChunkBoundariesAreRedactedLikeTheWholeText() throws {
    var generator = SeededGenerator(seed: 12)
    let values = (0..<30).map { _ in Samples.secretValue(&generator) + Samples.secretValue(&generator) }
    let redactor = Redactor(secrets: values.enumerated().map { ("S\($0.offset)", Secret($0.element)) })
    for round in 0..<4 {
      var input: [UInt8] = [0xFF]
      while input.count < 300_000 {
        input += Array((Samples.prose(&generator, words: Int.random(in: 0...40, using: &generator)) + " ").utf8)
        let value = values[Int.random(in: 0..<values.count, using: &generator)]
        let forms = [value, Data(value.utf8).base64EncodedString(), Data(value.utf8).map { String(format: "%02x", $0) }.joined()]
        input += Array(forms[Int.random(in: 0..<forms.count, using: &generator)].utf8) + [0x80]
      }
      let whole = redactor.redact(bytes: input)
      let streamed = try Self.pump(input, redactor, chunkSize: Int.random(in: 1...20_000, using: &generator), readSize: 4_096)
      #expect(streamed == whole, "round \(round)")
      #expect(!values.contains { String(decoding: streamed, as: UTF8.self).contains($0) }, "round \(round)")
    }
  }

  @Test func aSecretStartingInsideAnotherIsJoinedToItWhenStreamed() throws {
    let first = "Alpha-value-one-XYZW"
    let second = "XYZW-beta-value-two!"
    let redactor = Redactor(secrets: [("A", Secret(first)), ("B", Secret(second))])
    let joined = "Alpha-value-one-XYZW-beta-value-two!"
    let spellings = [
      joined, joined.utf8.map { String(format: "%02x", $0) }.joined(), joined.utf16.map { String(format: "\\u%04x", $0) }.joined(),
    ]
    for spelling in spellings {
      let input = [UInt8](repeating: UInt8(ascii: "|"), count: 300) + Array("pre \(spelling) post".utf8)
        + [UInt8](repeating: UInt8(ascii: "|"), count: 70_000)
      let whole = redactor.redact(bytes: input)
      #expect(String(decoding: whole, as: UTF8.self).contains("pre [redacted:A] post"))
      for chunk in [1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144] {
        let streamed = try Self.pump(input, redactor, chunkSize: chunk, readSize: 1 << 20)
        #expect(String(decoding: streamed, as: UTF8.self) == String(decoding: whole, as: UTF8.self), "chunks of \(chunk)")
      }
    }
  }

  @Test func assignmentsOfSensitiveNamesCostLinearTime() {
    let redactor = Redactor()
    let shapes = [String(repeating: "KEY=", count: 25_000), String(repeating: "API_KEY=\n", count: 12_000),
                  String(repeating: "TOKEN=\"", count: 15_000), String(repeating: "PASSWORD: ", count: 10_000)]
    for text in shapes {
      let elapsed = ThreadCPUTime.measure { _ = redactor.redact(text) }
      #expect(elapsed < .seconds(3), "\(text.prefix(12)): \(elapsed)")
    }
  }
}
