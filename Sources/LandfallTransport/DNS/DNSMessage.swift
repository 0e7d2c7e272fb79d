import Foundation
public import LandfallCore

/// The DNS wire format (RFC 1035): one query out, one reply in.
public enum DNSMessage {
  /// The question a reply repeats, so a reply to another query can be told apart.
  public struct Question: Sendable, Equatable {
    public var name: String
    public var type: DNSRecordType

    /// Creates a question.
    public init(name: String, type: DNSRecordType) {
      self.name = name
      self.type = type
    }
  }

  /// A standard query for `type` at `name`, recursion desired, class IN.
  public static func query(id: UInt16, name: String, type: DNSRecordType) throws(DNSError) -> [UInt8] {
    var bytes: [UInt8] = [UInt8(id >> 8), UInt8(id & 0xFF), 0x01, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0]
    bytes += try encodeName(name)
    bytes += [UInt8(type.code >> 8), UInt8(type.code & 0xFF), 0x00, 0x01]
    return bytes
  }

  /// A name as length-prefixed labels; refuses what no server could be asked for.
  public static func encodeName(_ name: String) throws(DNSError) -> [UInt8] {
    let trimmed = name.hasSuffix(".") ? String(name.dropLast()) : name
    guard !trimmed.isEmpty else { return [0] }
    var bytes: [UInt8] = []
    for label in trimmed.split(separator: ".", omittingEmptySubsequences: false) {
      let raw = Array(label.utf8)
      guard !raw.isEmpty else { throw .invalidName("\(name) has an empty label") }
      guard raw.count <= 63 else { throw .invalidName("a label of \(name) is longer than 63 bytes") }
      guard raw.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { throw .invalidName("\(name) must be ASCII without spaces (use the punycode form)") }
      bytes.append(UInt8(raw.count))
      bytes += raw
    }
    bytes.append(0)
    guard bytes.count <= DNSWireReader.maximumNameLength else { throw .invalidName("\(name) is longer than 255 bytes") }
    return bytes
  }

  /// Parses a reply: header, the first question, and every record of the three sections.
  public static func parse(_ bytes: [UInt8]) throws(DNSError) -> (reply: DNSReply, question: Question?) {
    var reader = DNSWireReader(bytes)
    guard bytes.count >= 12 else { throw .malformed("a reply of \(bytes.count) bytes is shorter than the 12-byte header") }
    let id = try reader.uint16()
    let flags = try reader.uint16()
    guard flags & 0x8000 != 0 else { throw .malformed("the message is a query, not a reply") }
    let counts = [try reader.uint16(), try reader.uint16(), try reader.uint16(), try reader.uint16()].map(Int.init)
    guard counts[0] * 5 + (counts[1] + counts[2] + counts[3]) * 11 <= reader.remaining || flags & 0x0200 != 0 else {
      throw .malformed("the header announces more entries than \(bytes.count) bytes can hold")
    }
    var question: Question?
    for index in 0..<counts[0] {
      let name = try reader.name()
      let type = DNSRecordType(code: try reader.uint16())
      _ = try reader.uint16()
      if index == 0 { question = Question(name: name, type: type) }
    }
    let truncated = flags & 0x0200 != 0
    var sections: [[DNSRecord]] = [[], [], []]
    reading: for section in 0..<3 {
      for _ in 0..<counts[section + 1] {
        do {
          sections[section].append(try record(&reader))
        } catch {
          if truncated { break reading }
          throw error
        }
      }
    }
    let reply = DNSReply(
      id: id, authoritative: flags & 0x0400 != 0, truncated: truncated, responseCode: Int(flags & 0x000F),
      answers: sections[0], authority: sections[1], additional: sections[2])
    return (reply, question)
  }

  private static func record(_ reader: inout DNSWireReader) throws(DNSError) -> DNSRecord {
    let name = try reader.name()
    let type = DNSRecordType(code: try reader.uint16())
    _ = try reader.uint16()
    let ttl = try reader.uint32()
    let length = Int(try reader.uint16())
    let start = reader.offset
    guard length <= reader.remaining else {
      throw .malformed("the \(type) record of \(name) announces \(length) bytes of data but only \(reader.remaining) remain")
    }
    let data: DNSRecordData
    switch type {
    case .a, .aaaa:
      let size = type == .a ? 4 : 16
      guard length == size else { throw .malformed("the \(type) record of \(name) has \(length) bytes of data instead of \(size)") }
      data = .address(addressText(Array(try reader.take(size))))
    case .ns, .cname:
      data = .name(try reader.name())
    case .soa:
      let primary = try reader.name()
      let mailbox = try reader.name()
      data = .soa(
        primary: primary, mailbox: mailbox, serial: try reader.uint32(), refresh: try reader.uint32(), retry: try reader.uint32(),
        expire: try reader.uint32(), minimum: try reader.uint32())
    case .other:
      _ = try reader.take(length)
      data = .opaque(length: length)
    }
    guard reader.offset == start + length else {
      throw .malformed("the \(type) record of \(name) uses \(reader.offset - start) bytes of data but announces \(length)")
    }
    return DNSRecord(name: name, type: type, ttl: ttl, data: data)
  }

  /// An IPv4 or IPv6 address in its usual text form.
  static func addressText(_ bytes: [UInt8]) -> String {
    let family = bytes.count == 4 ? AF_INET : AF_INET6
    var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
    guard inet_ntop(family, bytes, &text, socklen_t(text.count)) != nil else { return bytes.map(String.init).joined(separator: ".") }
    return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}
