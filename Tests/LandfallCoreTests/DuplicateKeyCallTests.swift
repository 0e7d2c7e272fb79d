import LandfallCore
import LandfallModel
import LandfallPolicy
import Testing

/// A call whose arguments name a key twice could be judged on one value and carried out with
/// the other (readers keep the first, the last, or fail), so it is refused before any rule reads it.
@Suite struct DuplicateKeyCallTests {
  @Test func aDNSRecordWhoseTypeIsGivenTwiceIsRefusedAndNeverSent() async throws {
    let fixture = await RunnerFixture(permissions: SessionPermissions(allowWrites: true, assumeYes: true), approvals: [true])
    let arguments = try JSONParser.parse(#"{"name":"notes.example.com","type":"TXT","content":"v=spf1 -all","type":"A","content":"203.0.113.66"}"#)
    let result = try await fixture.call("create_dns_record", arguments, phase: .dnsAndTLS)
    #expect(result.decision == .denied)
    #expect(result.result.contains("arguments.type is given twice"), "\(result.result)")
    #expect(await fixture.tools["create_dns_record"]?.received.isEmpty == true)
  }

  @Test func duplicatesAreFoundAtAnyDepth() throws {
    #expect(try JSONParser.parse(#"{"a":1,"b":{"c":[{"d":1},{"d":2,"d":3}]}}"#).duplicateKey() == "arguments.b.c[1].d")
    #expect(try JSONParser.parse(#"{"a":{"x":1},"b":{"x":1},"c":[{"x":1},{"x":2}]}"#).duplicateKey() == nil)
  }
}
