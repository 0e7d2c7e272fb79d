import Foundation
import LandfallModel
import LandfallPolicy
import LandfallTestSupport
import Testing

@Suite(.ownThreads) struct RedactorTests {
  let password = "hunter2-Correct-Horse"
  var redactor: Redactor { Redactor(secrets: [("DB_PASSWORD", Secret(password))]) }

  @Test func knownValuesAreReplacedByAMarkerNamingThem() {
    #expect(redactor.redact("connect with \(password) now") == "connect with [redacted:DB_PASSWORD] now")
  }

  @Test(arguments: [
    { (value: String) in Data(value.utf8).base64EncodedString() },
    { (value: String) in Data(("x" + value).utf8).base64EncodedString() },
    { (value: String) in Data(("xy" + value).utf8).base64EncodedString() },
    { (value: String) in Data(value.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_") },
    { (value: String) in value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "" },
    { (value: String) in Data(value.utf8).map { String(format: "%02x", $0) }.joined() },
    { (value: String) in Data(value.utf8).map { String(format: "%02X", $0) }.joined() },
  ] as [@Sendable (String) -> String])
  func encodedFormsAreCaughtToo(encode: @Sendable (String) -> String) {
    let encoded = encode(password)
    let redacted = redactor.redact("payload: \(encoded) end")
    #expect(redacted.contains("[redacted:DB_PASSWORD]"), "\(encoded)")
  }

  @Test func jsonEscapedValuesAreCaught() {
    let tricky = Redactor(secrets: [("QUOTE", Secret("pa\"ss\\word-1234"))])
    let json = JSONWriter.string(.object([("v", .string("pa\"ss\\word-1234"))]))
    #expect(tricky.redact(json) == #"{"v":"[redacted:QUOTE]"}"#)
  }

  @Test func credentialShapesAreCaughtWithoutBeingKnown() {
    let shapes = Redactor()
    let pem = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----"
    #expect(shapes.redact("key:\n\(pem)\nafter") == "key:\n[redacted:private-key]\nafter")
    #expect(shapes.redact("Authorization: Bearer abc.def-ghi_jkl123") == "Authorization: Bearer [redacted:bearer-token]")
    #expect(shapes.redact("postgres://app:s3cr3tpw@db.internal:5432/app") == "postgres://app:[redacted:url-password]@db.internal:5432/app")
    #expect(shapes.redact("token ghp_0123456789abcdefghijABCDEFGHIJ ok") == "token [redacted:github-token] ok")
    #expect(shapes.redact("AKIAIOSFODNN7EXAMPLE1") == "[redacted:aws-access-key]")
    #expect(shapes.redact("FLY_API_TOKEN=FlyV1 fm2_lJPECAAAAAAAAMqSxBBQm8y7XhYk") .contains("[redacted:"))
    #expect(shapes.redact("STRIPE_SECRET=Zx8q2LmP0vR7tY4wK1nB") == "STRIPE_SECRET=[redacted:credential]")
    #expect(shapes.redact("export DB_PASSWORD=\"t9X!kq2#Lm4$pZ\"") == "export DB_PASSWORD=\"[redacted:credential]\"")
  }

  /// The token scan reads every eighth word and measures a run only when the four bytes on one
  /// side of the word are token bytes too; the shortest tokens it must find are 16 bytes, so
  /// each is tried at every offset from the scan's start, with every kind of byte around it.
  @Test func theShortestTokensAreFoundAtEveryOffset() {
    let shapes = Redactor()
    for length in 16...19 {
      let token = String("abcDEF012-_.~+/=ghijkLMNOP".prefix(length))
      for offset in 0..<24 {
        for before in [" ", "\n", ":", "é", "\"", "Bearer "] {
          let lead = String(repeating: "x ", count: offset / 2) + (offset % 2 == 1 ? " " : "")
          let text = lead + before + "Bearer " + token + [" ", "\n", "\"", ":", "", "é"][offset % 6]
          let redacted = shapes.redact(text)
          #expect(!redacted.contains(token) && redacted.contains("[redacted:bearer-token]"), "\(length) bytes at \(offset): \(text)")
        }
      }
    }
  }

  @Test func ordinaryTextIsLeftAlone() {
    let shapes = Redactor(secrets: [("X", Secret("zzzz-unused-value"))])
    let texts = [
      "SECRET_KEY_BASE is set on Fly; set it on the server too.",
      "PASSWORD=changeme", "https://example.com:8443/path", "see https://user@example.com/x",
      "Bearer of bad news", "sk-short", "The API_TOKEN: will be asked for.", "ratio 3:2, time 12:30:45",
      "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----", "\"privateKeyFile\": \"saved to /home/u/.ssh/k (mode 0600)\"",
    ]
    for text in texts { #expect(shapes.redact(text) == text) }
  }

  @Test func randomProseWithoutSecretsIsUnchanged() {
    var generator = SeededGenerator(seed: 7)
    let secrets = (0..<50).map { ("S\($0)", Secret(Samples.secretValue(&generator))) }
    let redactor = Redactor(secrets: secrets)
    for _ in 0..<500 {
      let text = Samples.prose(&generator, words: Int.random(in: 0...60, using: &generator))
      #expect(redactor.redact(text) == text)
    }
  }

  @Test func vaultValuesNeverSurviveInAnyEncoding() {
    var generator = SeededGenerator(seed: 42)
    for round in 0..<300 {
      let value = Samples.secretValue(&generator)
      let redactor = Redactor(secrets: [("CANARY", Secret(value))])
      let prefix = String(repeating: "q", count: Int.random(in: 0...2, using: &generator))
      let encodings = [
        value, Data((prefix + value).utf8).base64EncodedString(),
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value,
        JSONWriter.string(.string(value)), Data(value.utf8).map { String(format: "%02x", $0) }.joined(),
      ]
      let encoded = encodings[Int.random(in: 0..<encodings.count, using: &generator)]
      let text = Samples.prose(&generator, words: 5) + " " + encoded + " " + Samples.prose(&generator, words: 5)
      let output = redactor.redact(text)
      let survived = output.contains(value)
      let detected = redactor.containsKnownSecret(text)
      let leftover = redactor.containsKnownSecret(output)
      #expect(!survived, "round \(round)")
      #expect(detected, "round \(round): \(encoded)")
      #expect(!leftover, "round \(round)")
    }
  }

  @Test func redactingTwiceChangesNothingMore() {
    let once = redactor.redact("a \(password) b postgres://u:pw12345678@h/d")
    #expect(redactor.redact(once) == once)
  }

  @Test func shortValuesAreSkippedRatherThanShreddingWords() {
    let tiny = Redactor(secrets: [("PIN", Secret("abc"))])
    #expect(tiny.redact("abc abcabc") == "abc abcabc")
  }
}
