import LandfallModel
import LandfallTestSupport
import Testing

@Suite(.ownThreads) struct JSONTests {
  @Test func parsesEveryKindAndKeepsKeyOrder() throws {
    let value = try JSONParser.parse(#"{"z": 1, "a": [true, false, null], "m": -2.5e1, "s": "x\n\u00e9\ud83d\ude00"}"#)
    #expect(value.objectValue?.map(\.key) == ["z", "a", "m", "s"])
    #expect(value["z"] == .int(1))
    #expect(value["a"] == .array([.bool(true), .bool(false), .null]))
    #expect(value["m"] == .double(-25))
    #expect(value["s"] == .string("x\né😀"))
  }

  @Test func writerRoundTripsThroughTheParser() throws {
    let original: JSONValue = .object([
      ("name", .string("quote \" backslash \\ tab \t control \u{01}")),
      ("list", .array([.int(1), .double(1.5), .null, .object([])])),
      ("nested", .object([("empty", .array([]))])),
    ])
    for style in [JSONWriter.Style.compact, .pretty(indent: 4)] {
      #expect(try JSONParser.parse(JSONWriter.string(original, style: style)) == original)
    }
  }

  @Test func prettyOutputUsesTheRequestedIndent() {
    let text = JSONWriter.string(.object([("a", .array([.int(1)]))]), style: .pretty(indent: 4))
    #expect(text == "{\n    \"a\": [\n        1\n    ]\n}")
  }

  @Test(arguments: [
    ("{\"a\": }", 1, 7), ("[1,\n 2,,]", 2, 4), ("\"open", 1, 6), ("{\"a\":1} x", 1, 9), ("01", 1, 2),
  ])
  func reportsWhereTheTextIsWrong(text: String, line: Int, column: Int) {
    #expect(throws: InputError.self) { try JSONParser.parse(text) }
    do {
      _ = try JSONParser.parse(text)
    } catch {
      #expect(error.line == line)
      #expect(error.column == column)
    }
  }

  @Test func refusesAbsurdNestingInsteadOfOverflowingTheStack() {
    let deep = String(repeating: "[", count: 100_000)
    #expect(throws: InputError.self) { try JSONParser.parse(deep) }
  }

  @Test func settingReplacesInPlaceOrAppends() {
    let value: JSONValue = .object([("a", .int(1)), ("b", .int(2))])
    #expect(value.setting("a", to: .int(9)).objectValue?.map(\.key) == ["a", "b"])
    #expect(value.setting("a", to: .int(9))["a"] == .int(9))
    #expect(value.setting("c", to: .null).objectValue?.map(\.key) == ["a", "b", "c"])
  }

  @Test func randomBytesNeverCrashTheParser() {
    var generator = SystemRandomNumberGenerator()
    let alphabet = Array("{}[]\",:0123456789.eE+-truefalsnl \\u\n")
    for _ in 0..<2_000 {
      let length = Int.random(in: 0..<40, using: &generator)
      let text = String((0..<length).map { _ in alphabet.randomElement(using: &generator) ?? " " })
      _ = try? JSONParser.parse(text)
    }
  }
}

@Suite(.ownThreads) struct SHA256Tests {
  @Test func matchesTheStandardVectors() {
    #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(
      SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
        == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    #expect(SHA256.hex(Array(repeating: UInt8(ascii: "a"), count: 1000)) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
  }
}

/// JSON printed on a terminal cannot drive it: every control and bidirectional character is
/// escaped, and reads back as the same text.
@Suite struct JSONTerminalEscapeTests {
  @Test func invisibleCharactersAreEscapedAndReadBack() throws {
    let text = "a\u{1B}[2Jb\u{7F}c\u{9B}d\u{202E}e\u{2066}f"
    let written = JSONWriter.string(.string(text))
    #expect(written == #""a\u001b[2Jb\u007fc\u009bd\u202ee\u2066f""#)
    #expect(try JSONParser.parse(written) == .string(text))
    #expect(JSONWriter.string(.string("café 🚀")) == "\"café 🚀\"")
  }
}
