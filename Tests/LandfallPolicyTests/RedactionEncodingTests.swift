import Foundation
import LandfallModel
import LandfallPolicy
import LandfallTestSupport
import Testing

/// Every encoding of a vault value, written by encoders independent of the redactor's own.
enum IndependentEncoders {
  static func base64(_ bytes: [UInt8], wrap: Int?, urlSafe: Bool, crlf: Bool) -> String {
    var options: Data.Base64EncodingOptions = []
    if wrap == 64 { options.insert(.lineLength64Characters) }
    if wrap == 76 { options.insert(.lineLength76Characters) }
    if wrap != nil { options.insert(crlf ? .endLineWithCarriageReturn : .endLineWithLineFeed) }
    if crlf, wrap != nil { options.insert(.endLineWithLineFeed) }
    let text = Data(bytes).base64EncodedString(options: options)
    return urlSafe ? text.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_") : text
  }

  static func percent(_ value: String, keepSlash: Bool, lowercase: Bool, plusForSpace: Bool) -> String {
    var allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
    if keepSlash { allowed.insert("/") }
    var output = ""
    for byte in value.utf8 {
      let scalar = Unicode.Scalar(byte)
      if byte < 0x80, allowed.contains(scalar) {
        output.unicodeScalars.append(scalar)
      } else if plusForSpace, byte == 0x20 {
        output += "+"
      } else {
        output += String(format: lowercase ? "%%%02x" : "%%%02X", byte)
      }
    }
    return output
  }

  static func jsonEveryCharacter(_ value: String, uppercase: Bool) -> String {
    value.utf16.map { String(format: uppercase ? "\\u%04X" : "\\u%04x", $0) }.joined()
  }

  static func jsonSlashEscaped(_ value: String) -> String {
    let data = (try? JSONSerialization.data(withJSONObject: [value], options: [.fragmentsAllowed])) ?? Data()
    let array = String(decoding: data, as: UTF8.self)
    return String(array.dropFirst(2).dropLast(2))
  }

  static func hex(_ value: String, uppercase: Bool, group: Int, separator: String, skew: Int) -> String {
    var output = ""
    for (index, byte) in value.utf8.enumerated() {
      if index > 0, group > 0, (index + skew) % group == 0 { output += separator }
      output += String(format: uppercase ? "%02X" : "%02x", byte)
    }
    return output
  }
}

@Suite(.ownThreads) struct RedactionEncodingTests {
  /// The encoded value with a random context, the marker check, and what may be left over,
  /// with base64 spellings indexed and decoded.
  func check(_ encoded: String, value: String, round: Int, allowedLeftover: Int) {
    for base64 in [Redactor.Base64Search.indexed, .decoded] {
      check(encoded, value: value, round: round, allowedLeftover: allowedLeftover, base64: base64)
    }
  }

  private func check(_ encoded: String, value: String, round: Int, allowedLeftover: Int, base64: Redactor.Base64Search) {
    var generator = SeededGenerator(seed: UInt64(round))
    let redactor = Redactor(secrets: [("CANARY", Secret(value)), ("OTHER", Secret("unrelated-value-\(round)"))], base64: base64)
    let before = Samples.prose(&generator, words: Int.random(in: 0...8, using: &generator)) + " "
    let after = " " + Samples.prose(&generator, words: Int.random(in: 0...8, using: &generator))
    let output = redactor.redact(before + encoded + after)
    #expect(output.hasPrefix(before) && output.hasSuffix(after), "round \(round): context changed")
    let middle = output.dropFirst(before.count).dropLast(after.count)
    #expect(middle.contains("[redacted:"), "round \(round): \(encoded.debugDescription) -> \(String(middle).debugDescription)")
    let leftover = middle.replacingOccurrences(of: #"\[redacted:[A-Za-z-]+\]"#, with: "", options: .regularExpression)
      .filter { !$0.isWhitespace && $0 != "=" }
    #expect(leftover.count <= allowedLeftover, "round \(round): \(String(middle).debugDescription)")
  }

  @Test func base64AtEveryOffsetPlainAndWrappedIsRedacted() {
    var generator = SeededGenerator(seed: 1)
    for round in 0..<240 {
      let value = Samples.secretValue(&generator) + Samples.secretValue(&generator)
      let head = (0..<Int.random(in: 0...80, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
      let tail = (0..<Int.random(in: 0...80, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
      let wrap = [nil, 64, 76][round % 3]
      let encoded = IndependentEncoders.base64(
        head + Array(value.utf8) + tail, wrap: wrap, urlSafe: round % 2 == 0, crlf: round % 5 == 0)
      check(encoded, value: value, round: round, allowedLeftover: (head.count + tail.count) * 4 / 3 + 8)
    }
  }

  @Test func percentEncodingInEveryStyleIsRedacted() {
    var generator = SeededGenerator(seed: 2)
    for round in 0..<200 {
      let value = Samples.secretValue(&generator) + " /" + Samples.secretValue(&generator)
      let encoded = IndependentEncoders.percent(
        value, keepSlash: round % 2 == 0, lowercase: round % 3 == 0, plusForSpace: round % 5 < 2)
      check(encoded, value: value, round: round, allowedLeftover: 0)
    }
  }

  @Test func jsonEscapesAreRedacted() {
    var generator = SeededGenerator(seed: 3)
    for round in 0..<150 {
      let value = Samples.secretValue(&generator) + "/é\"" + Samples.secretValue(&generator)
      let encoded =
        round % 3 == 2
        ? IndependentEncoders.jsonSlashEscaped(value)
        : IndependentEncoders.jsonEveryCharacter(value, uppercase: round % 3 == 1)
      check(encoded, value: value, round: round, allowedLeftover: 0)
    }
  }

  @Test func hexContiguousAndGroupedIsRedacted() {
    var generator = SeededGenerator(seed: 4)
    for round in 0..<200 {
      let value = Samples.secretValue(&generator)
      let group = [0, 1, 2][round % 3]
      let skew = group == 2 ? round % 2 : 0
      let lead = skew == 1 ? (round % 4 < 2 ? "ab" : "CD") : ""
      let encoded = lead + IndependentEncoders.hex(
        value, uppercase: round % 4 < 2, group: group, separator: round % 7 < 3 ? " " : ":", skew: skew)
      check(encoded, value: value, round: round, allowedLeftover: 3)
    }
  }
}

@Suite(.ownThreads) struct CredentialShapeStreamTests {
  @Test func aPrivateKeyIsFoundWithRealOrJSONEscapedLineBreaks() {
    let body = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW"
    let pem = "-----BEGIN OPENSSH PRIVATE KEY-----\n\(body)\n-----END OPENSSH PRIVATE KEY-----\n"
    let json = JSONWriter.string(.object([("privateKey", .string(pem))]))
    let redacted = Redactor().redact(json)
    #expect(!redacted.contains(body) && redacted.contains("[redacted:private-key]"), "\(redacted)")
    let crlf = Redactor().redact(pem.replacingOccurrences(of: "\n", with: "\r\n"))
    #expect(!crlf.contains(body))
  }
}
