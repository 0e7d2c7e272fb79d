import Foundation
import LandfallModel
import LandfallPolicy
import LandfallTestSupport
import Testing

/// The redactor's cost per byte does not grow with the number of secrets, building it is linear
/// in their number, and a stream is redacted as it arrives.
@Suite(.ownThreads) struct RedactionScaleTests {
  static func secrets(_ count: Int, seed: UInt64) -> [(name: String, value: Secret)] {
    var generator = SeededGenerator(seed: seed)
    return (0..<count).map { ("S\($0)", Secret(Samples.secretValue(&generator) + Samples.secretValue(&generator))) }
  }

  @Test func searchCostDoesNotGrowWithTheNumberOfSecrets() {
    var generator = SeededGenerator(seed: 21)
    let many = Self.secrets(1_000, seed: 22)
    var text: [UInt8] = []
    while text.count < 120_000 {
      text += Array((Samples.prose(&generator, words: 40) + " ").utf8)
      let value = many[Int.random(in: 0..<many.count, using: &generator)].value
      text += value.withValue { Array($0.utf8) } + [0x0A]
    }
    let few = Redactor(secrets: Array(many.prefix(10)))
    let all = Redactor(secrets: many)
    _ = few.redact(bytes: text)
    let fewTime = ThreadCPUTime.measure { _ = few.redact(bytes: text) }
    var redacted: [UInt8] = []
    let allTime = ThreadCPUTime.measure { redacted = all.redact(bytes: text) }
    #expect(allTime < fewTime * 3 + .milliseconds(30), "10 secrets \(fewTime), 1000 secrets \(allTime)")
    let output = String(decoding: redacted, as: UTF8.self)
    #expect(!many.prefix(50).contains { secret in secret.value.withValue { output.contains($0) } })
  }

  @Test func buildingTheRedactorIsLinearInTheNumberOfSecrets() {
    let small = Self.secrets(100, seed: 23)
    let large = Self.secrets(800, seed: 24)
    _ = Redactor(secrets: small)
    let smallTime = ThreadCPUTime.measure { _ = Redactor(secrets: small) }
    let largeTime = ThreadCPUTime.measure { _ = Redactor(secrets: large) }
    #expect(largeTime < smallTime * 24 + .milliseconds(30), "100 secrets \(smallTime), 800 secrets \(largeTime)")
  }

  @Test func aLargeVaultBuiltInPartsNamesEverySecretByItsOwnMarker() {
    let vault = Self.secrets(5_000, seed: 26)
    let redactor = Redactor(secrets: vault)
    for index in Swift.stride(from: 0, to: vault.count, by: 97) {
      let value = vault[index].value.withValue { $0 }
      let hex = value.utf8.map { String(format: "%02X", $0) }.joined(separator: " ")
      let base64 = Data(("k=" + value).utf8).base64EncodedString()
      let text = "a \(value) b \(hex) c \(base64) d"
      let marker = "[redacted:S\(index)]"
      #expect(redactor.redact(text).components(separatedBy: marker).count == 4, "secret \(index)")
    }
  }

  @Test func aStreamIsWrittenOutBeforeItHasBeenReadToTheEnd() throws {
    let redactor = Redactor(secrets: Self.secrets(5, seed: 25))
    let line = Array("a line of ordinary log text that holds nothing secret at all\n".utf8)
    let total = 3 << 19
    var read = 0
    var readWhenFirstWritten: Int?
    var largestRead = 0
    var written = 0
    try RedactingPump(redactor, chunkSize: 32 << 10).run(
      read: { buffer in
        largestRead = max(largestRead, buffer.count)
        let count = min(buffer.count, total - read)
        for index in 0..<count { buffer[index] = line[(read + index) % line.count] }
        read += count
        return count
      },
      write: { bytes in
        if readWhenFirstWritten == nil { readWhenFirstWritten = read }
        written += bytes.count
      })
    #expect(written == total)
    #expect((readWhenFirstWritten ?? total) < 1 << 19, "first output after \(readWhenFirstWritten ?? -1) bytes read")
    #expect(largestRead <= (32 << 10) + redactor.holdBack + 256)
  }

  @Test func onlyHexSpellingsAreFoldedTheValueItselfMatchesExactly() {
    let redactor = Redactor(secrets: [("TOKEN", Secret("Abcd-Secret-Value-19"))])
    #expect(redactor.redact("x abcd-secret-value-19 y") == "x abcd-secret-value-19 y")
    #expect(redactor.redact("x Abcd-Secret-Value-19 y") == "x [redacted:TOKEN] y")
    let hex = Array("Abcd-Secret-Value-19".utf8).map { String(format: "%02X", $0) }.joined(separator: ":")
    #expect(redactor.redact("dump \(hex) end") == "dump [redacted:TOKEN] end")
    let mixed = Array("Abcd-Secret-Value-19".utf8).map { String(format: "%02x", $0) }.joined(separator: " ").uppercased()
    #expect(redactor.redact("dump \(mixed) end") == "dump [redacted:TOKEN] end")
    #expect(redactor.redact("QWJjZC1TZWNyZXQtVmFsdWUtMTk=").hasPrefix("[redacted:TOKEN]"))
    #expect(redactor.redact("qwjjzc1tzwnyzxqtvmfsdwutmtk") == "qwjjzc1tzwnyzxqtvmfsdwutmtk")
  }
}
