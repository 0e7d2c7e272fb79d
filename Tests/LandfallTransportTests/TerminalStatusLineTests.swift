import LandfallTestSupport
import LandfallTransport
import Testing

@Suite(.ownThreads) struct TerminalStatusLineTests {
  @Test func theLineIsDrawnErasedAroundOtherOutputAndCleared() {
    let written = Collected<String>()
    let status = TerminalStatusLine(write: { written.add($0) })
    status.show("waiting for the model")
    #expect(written.all.last == "\r\u{1B}[K\u{1B}[2m… waiting for the model · 0 s\u{1B}[0m")
    status.around { written.add("notice\n") }
    let tail = Array(written.all.suffix(3))
    #expect(tail.first == "\r\u{1B}[K")
    #expect(tail.dropFirst().first == "notice\n")
    #expect(tail.last?.contains("waiting for the model") == true)
    status.show("retrying in 3 s", countsSeconds: false)
    #expect(written.all.last == "\r\u{1B}[K\u{1B}[2m… retrying in 3 s\u{1B}[0m")
    status.clear()
    #expect(written.all.last == "\r\u{1B}[K")
    let count = written.all.count
    status.around { written.add("after\n") }
    #expect(written.all.count == count + 1, "nothing is drawn once cleared")
  }
}
