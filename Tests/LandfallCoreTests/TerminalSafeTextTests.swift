import LandfallCore
import LandfallModel
import LandfallPolicy
import Testing

/// Text from outside Landfall reaches the terminal with its control characters shown, so it can
/// neither draw over an approval nor reach the clipboard, the title or the screen.
@Suite struct TerminalSafeTextTests {
  @Test func plainTextIsLeftAlone() {
    for text in ["", "ls -la /srv\n\tdone", "café ünïcode · 日本語 🚀", "a line\nanother"] {
      #expect(TerminalSafeText.visible(text) == text)
    }
  }

  @Test func everyControlCharacterIsShownAndCarriageReturnsOverwriteNothing() {
    #expect(TerminalSafeText.visible("\u{1B}]52;c;ZXZpbA==\u{07}") == "^[]52;c;ZXZpbA==^G")
    #expect(TerminalSafeText.visible("\u{1B}[2J\u{1B}[Hclean") == "^[[2J^[[Hclean")
    #expect(TerminalSafeText.visible("rm -rf /\rls") == "rm -rf /ls")
    #expect(TerminalSafeText.visible("line one\r\nline two\r\n") == "line one\nline two\n")
    #expect(TerminalSafeText.visible("rm\u{08}\u{08}ls") == "rm^H^Hls")
    #expect(TerminalSafeText.visible("\u{00}\u{7F}\u{0B}\u{0C}") == "^@^?^K^L")
    #expect(TerminalSafeText.visible("\u{9B}2J\u{9D}0;title\u{9C}") == "<U+009B>2J<U+009D>0;title<U+009C>")
    #expect(TerminalSafeText.visible("invoice\u{202E}fdp.sh") == "invoice<U+202E>fdp.sh")
    for scalar in [0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x2066, 0x2067, 0x2068, 0x2069] {
      let text = "a" + String(Unicode.Scalar(UInt32(scalar)).map(Character.init) ?? "?") + "b"
      #expect(!TerminalSafeText.visible(text).unicodeScalars.contains { $0.value == UInt32(scalar) }, "U+\(String(scalar, radix: 16))")
    }
  }

  @Test func anApprovalShowsTheCommandAsItWillRun() {
    let arguments = JSONWriter.string(.object([("command", .string("rm -rf /srv/app\u{1B}[2K\rls /srv"))]))
    let request = ApprovalRequest(tool: "host_exec", summary: "host_exec " + arguments, reasons: ["host_exec changes something"], kind: .routine)
    let question = ApprovalWording.question(for: request, showsCall: true)
    #expect(!question.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    #expect(question.contains("as written, with the login's rights: rm -rf /srv/app^[[2Kls /srv"), "\(question)")
  }
}
