import LandfallCore
import LandfallTestSupport
import LandfallTransport
import Testing

@Suite(.ownThreads) struct SocketDNSResolverTests {
  /// A reply to `query` (its ID and question copied) with one A record per address.
  static func answer(_ query: [UInt8], addresses: [[UInt8]], id: UInt16? = nil, truncated: Bool = false, authoritative: Bool = false) -> [UInt8] {
    let queryID = UInt16(query[0]) << 8 | UInt16(query[1])
    var packet = DNSPacket(id: id ?? queryID, authoritative: authoritative, truncated: truncated, counts: [1, UInt16(addresses.count), 0, 0])
    packet.bytes += query[12...]
    for address in addresses {
      packet.name([], pointer: 12)
      packet.record(type: 1, ttl: 120, data: address)
    }
    return packet.bytes
  }

  @Test func aTruncatedUDPReplyIsAskedAgainOverTCP() async throws {
    let server = try LoopbackDNSServer { query, overTCP in
      overTCP ? [Self.answer(query, addresses: (1...40).map { [10, 0, 0, UInt8($0)] }, authoritative: true)] : [Self.answer(query, addresses: [], truncated: true)]
    }
    defer { server.stop() }
    let reply = try await SocketDNSResolver().query("big.example.test", type: .a, server: DNSServer(host: "127.0.0.1", port: server.port))
    #expect(!reply.truncated)
    #expect(reply.authoritative)
    #expect(reply.addresses(of: "big.example.test", type: .a).count == 40)
    #expect(server.queries.udp == 1 && server.queries.tcp == 1)
  }

  @Test func aReplyToAnotherQueryIsIgnored() async throws {
    let server = try LoopbackDNSServer { query, _ in
      let wrongID = (UInt16(query[0]) << 8 | UInt16(query[1])) &+ 1
      return [Self.answer(query, addresses: [[192, 0, 2, 66]], id: wrongID), Self.answer(query, addresses: [[192, 0, 2, 1]])]
    }
    defer { server.stop() }
    let reply = try await SocketDNSResolver().query("app.example.test", type: .a, server: DNSServer(host: "127.0.0.1", port: server.port))
    #expect(reply.answers.map(\.data) == [.address("192.0.2.1")])
  }

  @Test func aSilentServerIsRetriedThenUnreachable() async throws {
    let server = try LoopbackDNSServer { _, _ in [] }
    defer { server.stop() }
    let resolver = SocketDNSResolver(timeout: .milliseconds(150), attempts: 3)
    await #expect(throws: DNSError.self) {
      try await resolver.query("app.example.test", type: .a, server: DNSServer(host: "127.0.0.1", port: server.port))
    }
    #expect(server.queries.udp == 3)
  }

  @Test func aMalformedReplyIsAnError() async throws {
    let server = try LoopbackDNSServer { query, _ in [Array(query[0..<2]) + [0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0, 0xC0, 12]] }
    defer { server.stop() }
    await #expect(throws: DNSError.self) {
      try await SocketDNSResolver(timeout: .milliseconds(500)).query("app.example.test", type: .a, server: DNSServer(host: "127.0.0.1", port: server.port))
    }
  }
}
