import Foundation
import LandfallFakes
import LandfallRigs
import LandfallModel
import LandfallTestSupport
import Testing

@Suite(.ownThreads) struct SandboxCutoverTests {
  @Test func phaseFivePlaysAgainstTheSandboxZonesAndHost() async throws {
    let server = try LoopbackHTTPServer { _, number in
      switch number {
      case 1: return ChatCommandTests.call("dns_survey", #"{"name":"notes.example.com","nameservers":["ns1.landfall-fake.test"]}"#)
      case 2: return ChatCommandTests.call("create_dns_zone", #"{"name":"example.com"}"#)
      case 3: return ChatCommandTests.call("create_dns_record", #"{"zoneId":"z","name":"notes","type":"A","content":"203.0.113.10"}"#)
      case 4: return ChatCommandTests.call("verify_https", #"{"domain":"notes.example.com","address":"203.0.113.10"}"#)
      default: return ChatCommandTests.say("DNS waits for the data; HTTPS is not served yet.")
      }
    }
    defer { server.stop() }
    let home = try CLI.temporaryDirectory()
    let env = ["XDG_DATA_HOME": home.path, "HOME": home.path, "LANDFALL_MODEL": "m"]
    let result = try await CLI.run(
      ["chat", "--once", "--phase", "5", "--sandbox", "--sandbox-state", home.path + "/box", "--allow-writes", "--llm-url", server.baseURL + "/v1"], environment: env, stdin: "y\ny\ny\n")
    #expect(result.status == 0, "\(result.stderr)")
    let cloud = try FakeCloudState.load(path: home.path + "/box/cloud.json")
    #expect(cloud.items("dnsZones").compactMap { $0["name"]?.stringValue } == ["example.com"])
    #expect(cloud.items("dnsRecords").isEmpty)
    let bodies = server.requests.map(\.body).joined(separator: "\n")
    #expect(bodies.contains("does not delegate to the hosted zone yet"), "\(bodies)")
    #expect(bodies.contains("notes.example.com A 66.241.124.17 TTL 3600s"))
    #expect(bodies.contains("an address record must point at the VM"))
    #expect(bodies.contains("no alternative certificate subject name matches"))
  }
}
