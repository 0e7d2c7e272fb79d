/// Builds DNS messages byte by byte for the parser and resolver tests.
struct DNSPacket {
  var bytes: [UInt8] = []

  /// A reply header: ID, flags (QR set), and the four section counts.
  init(id: UInt16 = 0x1234, authoritative: Bool = false, truncated: Bool = false, responseCode: UInt8 = 0, counts: [UInt16]) {
    var flags: UInt16 = 0x8180
    if authoritative { flags |= 0x0400 }
    if truncated { flags |= 0x0200 }
    flags |= UInt16(responseCode)
    u16(id)
    u16(flags)
    for count in counts { u16(count) }
  }

  /// No header: for building record data.
  init() {}

  mutating func u16(_ value: UInt16) { bytes += [UInt8(value >> 8), UInt8(value & 0xFF)] }
  mutating func u32(_ value: UInt32) { u16(UInt16(value >> 16)); u16(UInt16(value & 0xFFFF)) }

  /// Labels, then either a terminating zero or a pointer to `pointer`.
  mutating func name(_ labels: [String], pointer: Int? = nil) {
    for label in labels {
      bytes.append(UInt8(label.utf8.count))
      bytes += Array(label.utf8)
    }
    if let pointer { u16(0xC000 | UInt16(pointer)) } else { bytes.append(0) }
  }

  mutating func question(_ labels: [String], type: UInt16) {
    name(labels)
    u16(type)
    u16(1)
  }

  /// A record's fixed part after its owner name, with `data` as its RDATA.
  mutating func record(type: UInt16, ttl: UInt32, data: [UInt8], announcedLength: Int? = nil) {
    u16(type)
    u16(1)
    u32(ttl)
    u16(UInt16(announcedLength ?? data.count))
    bytes += data
  }
}
