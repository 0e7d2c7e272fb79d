import LandfallCore
import LandfallTestSupport
import LandfallTransport
import Testing

@Suite(.ownThreads) struct DNSMessageTests {
  /// `www.example.com` CNAME `app.example.com` A 203.0.113.10, with compressed names throughout.
  static func compressedReply(authoritative: Bool = true) -> [UInt8] {
    var packet = DNSPacket(authoritative: authoritative, counts: [1, 2, 1, 0])
    packet.question(["www", "example", "com"], type: 1)
    packet.name([], pointer: 12)
    let appAt = packet.bytes.count + 10
    packet.record(type: 5, ttl: 600, data: [3] + Array("app".utf8) + [0xC0, 16])
    packet.name([], pointer: appAt)
    packet.record(type: 1, ttl: 300, data: [203, 0, 113, 10])
    packet.name([], pointer: 16)
    var soa = DNSPacket()
    soa.name(["ns1"], pointer: 16)
    soa.name(["hostmaster"], pointer: 16)
    for value: UInt32 in [2026_11_30, 7200, 900, 1_209_600, 60] { soa.u32(value) }
    packet.record(type: 6, ttl: 3600, data: soa.bytes)
    return packet.bytes
  }

  @Test func followsCompressionPointersAndCNAMEs() throws {
    let (reply, question) = try DNSMessage.parse(Self.compressedReply())
    #expect(question == DNSMessage.Question(name: "www.example.com", type: .a))
    #expect(reply.id == 0x1234)
    #expect(reply.authoritative)
    #expect(!reply.truncated)
    #expect(reply.answers[0] == DNSRecord(name: "www.example.com", type: .cname, ttl: 600, data: .name("app.example.com")))
    #expect(reply.answers[1] == DNSRecord(name: "app.example.com", type: .a, ttl: 300, data: .address("203.0.113.10")))
    #expect(reply.addresses(of: "www.example.com.", type: .a).map(\.data) == [.address("203.0.113.10")])
    #expect(reply.addresses(of: "other.example.com", type: .a).isEmpty)
  }

  @Test func readsSOAWithCompressedNamesInItsData() throws {
    let (reply, _) = try DNSMessage.parse(Self.compressedReply())
    #expect(reply.authority == [
      DNSRecord(
        name: "example.com", type: .soa, ttl: 3600,
        data: .soa(primary: "ns1.example.com", mailbox: "hostmaster.example.com", serial: 2026_11_30, refresh: 7200, retry: 900, expire: 1_209_600, minimum: 60))
    ])
  }

  @Test func readsAAAAAndNSAndTheResponseCode() throws {
    var packet = DNSPacket(responseCode: 3, counts: [1, 2, 0, 0])
    packet.question(["example", "com"], type: 28)
    packet.name([], pointer: 12)
    packet.record(type: 28, ttl: 60, data: [0x20, 0x01, 0x0d, 0xb8] + Array(repeating: 0, count: 11) + [1])
    packet.name([], pointer: 12)
    packet.record(type: 2, ttl: 86400, data: [2] + Array("ns".utf8) + [0xC0, 12])
    let (reply, _) = try DNSMessage.parse(packet.bytes)
    #expect(reply.responseCode == 3)
    #expect(!reply.authoritative)
    #expect(reply.answers.map(\.data) == [.address("2001:db8::1"), .name("ns.example.com")])
    #expect(reply.answers.map(\.ttl) == [60, 86400])
  }

  @Test func aTruncatedReplyKeepsWhatArrivedButAnUntruncatedOneMustBeWhole() throws {
    var packet = DNSPacket(truncated: true, counts: [1, 3, 0, 0])
    packet.question(["example", "com"], type: 1)
    packet.name([], pointer: 12)
    packet.record(type: 1, ttl: 5, data: [10, 0, 0, 1])
    packet.name([], pointer: 12)
    packet.bytes += [0, 1, 0]
    let (reply, _) = try DNSMessage.parse(packet.bytes)
    #expect(reply.truncated)
    #expect(reply.answers.map(\.data) == [.address("10.0.0.1")])
    packet.bytes[2] &= ~0x02
    #expect(throws: DNSError.self) { try DNSMessage.parse(packet.bytes) }
  }

  @Test(arguments: [
    ("a pointer to itself", [UInt8](DNSPacket.header + [0xC0, 12, 0, 1, 0, 1])),
    ("a pointer forward", DNSPacket.header + [0xC0, 20, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]),
    ("a label then a pointer back to it", DNSPacket.header + [1, 0x61, 0xC0, 12, 0, 1, 0, 1]),
    ("a label past the end", DNSPacket.header + [40, 0x61, 0x62]),
    ("a cut pointer", DNSPacket.header + [0xC0]),
    ("a reserved label type", DNSPacket.header + [0x80, 1, 0, 1, 0, 1]),
    ("no terminating label", DNSPacket.header + [3, 0x61, 0x62, 0x63]),
  ])
  func hostileNamesAreErrorsNotCrashes(_ case: (String, [UInt8])) {
    #expect(throws: DNSError.self, "\(`case`.0)") { try DNSMessage.parse(`case`.1) }
  }

  @Test func hostileLengthsAreErrors() {
    var pastTheEnd = DNSPacket(counts: [0, 1, 0, 0])
    pastTheEnd.name(["example", "com"])
    pastTheEnd.record(type: 1, ttl: 1, data: [1, 2, 3, 4], announcedLength: 400)
    var wrongSize = DNSPacket(counts: [0, 1, 0, 0])
    wrongSize.name(["example", "com"])
    wrongSize.record(type: 1, ttl: 1, data: [1, 2, 3, 4, 5])
    var nameOverrunsData = DNSPacket(counts: [0, 1, 0, 0])
    nameOverrunsData.name(["example", "com"])
    nameOverrunsData.record(type: 5, ttl: 1, data: [3] + Array("www".utf8) + [0], announcedLength: 3)
    let manyCounts = DNSPacket(counts: [0, 65535, 0, 0]).bytes
    let longName: [UInt8] = DNSPacket.header + Array(repeating: [63] + Array(repeating: UInt8(ascii: "a"), count: 63), count: 5).flatMap { $0 } + [0, 0, 1, 0, 1]
    for (label, bytes) in [
      ("data past the end", pastTheEnd.bytes), ("an A record of 5 bytes", wrongSize.bytes), ("a name longer than its data", nameOverrunsData.bytes),
      ("more records announced than bytes", manyCounts), ("a name over 255 bytes", longName), ("a short header", [0x12, 0x34, 0x81]),
    ] {
      #expect(throws: DNSError.self, "\(label)") { try DNSMessage.parse(bytes) }
    }
  }

  @Test func randomCorruptionNeverCrashes() {
    var generator = SeededGenerator(seed: 0xD15)
    let valid = Self.compressedReply()
    var parsed = 0
    for _ in 0..<3000 {
      var bytes = valid
      for _ in 0..<Int.random(in: 1...6, using: &generator) {
        bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
      }
      if Bool.random(using: &generator) { bytes.removeLast(Int.random(in: 0..<bytes.count, using: &generator)) }
      if (try? DNSMessage.parse(bytes)) != nil { parsed += 1 }
    }
    #expect(parsed > 0)
    #expect(parsed < 3000)
  }

  @Test func queriesAreEncodedAndBadNamesRefused() throws {
    let query = try DNSMessage.query(id: 0xBEEF, name: "App.Example.com.", type: .aaaa)
    #expect(query == [0xBE, 0xEF, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 3] + Array("App".utf8) + [7] + Array("Example".utf8) + [3] + Array("com".utf8) + [0, 0, 28, 0, 1])
    for name in ["a..b", "bad name.com", String(repeating: "x", count: 64) + ".com", "é.com"] {
      #expect(throws: DNSError.self, "\(name)") { try DNSMessage.encodeName(name) }
    }
  }

  @Test func serversAndResolvConfAreParsed() {
    #expect(DNSServer.parse("127.0.0.1:8053") == DNSServer(host: "127.0.0.1", port: 8053))
    #expect(DNSServer.parse("9.9.9.9") == DNSServer(host: "9.9.9.9", port: 53))
    #expect(DNSServer.parse("[::1]:5353") == DNSServer(host: "::1", port: 5353))
    #expect(DNSServer.parse("2001:db8::53") == DNSServer(host: "2001:db8::53", port: 53))
    #expect(DNSServer.parse("host:0") == nil)
    #expect(DNSServer.parse(":53") == nil)
    #expect(DNSServer(host: "::1", port: 53).description == "[::1]:53")
    let conf = "# generated\nsearch lan\n  \nnameserver fe80::1%eth0\nnameserver 10.0.0.2\n"
    #expect(ResolvConf.firstNameserver(in: conf) == DNSServer(host: "fe80::1"))
    #expect(ResolvConf.firstNameserver(in: "options ndots:1\n") == nil)
  }
}

extension DNSPacket {
  /// A reply header with one question and nothing else, for name-parsing cases.
  static var header: [UInt8] { DNSPacket(counts: [1, 0, 0, 0]).bytes }
}
