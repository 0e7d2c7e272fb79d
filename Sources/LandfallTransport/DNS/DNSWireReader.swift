internal import LandfallCore

/// Reads a DNS message with a bounds check on every read; names follow compression pointers
/// only backwards, so a hostile reply can neither loop nor reach past its end.
struct DNSWireReader {
  let bytes: [UInt8]
  private(set) var offset = 0

  static let maximumNameLength = 255
  static let maximumPointers = 64

  init(_ bytes: [UInt8]) {
    self.bytes = bytes
  }

  var remaining: Int { bytes.count - offset }

  mutating func byte() throws(DNSError) -> UInt8 {
    guard offset < bytes.count else { throw .malformed("a field runs past the end of the \(bytes.count)-byte reply") }
    defer { offset += 1 }
    return bytes[offset]
  }

  mutating func uint16() throws(DNSError) -> UInt16 {
    let high = try byte()
    let low = try byte()
    return UInt16(high) << 8 | UInt16(low)
  }

  mutating func uint32() throws(DNSError) -> UInt32 {
    let high = try uint16()
    let low = try uint16()
    return UInt32(high) << 16 | UInt32(low)
  }

  mutating func take(_ count: Int) throws(DNSError) -> ArraySlice<UInt8> {
    guard count >= 0, count <= remaining else {
      throw .malformed("\(count) bytes are announced at offset \(offset) but only \(max(remaining, 0)) remain")
    }
    defer { offset += count }
    return bytes[offset..<offset + count]
  }

  /// A domain name at the current offset, decompressed; the offset moves past its inline part.
  /// Every pointer must jump to before all bytes of the name read so far, which rules out loops.
  mutating func name() throws(DNSError) -> String {
    var labels: [String] = []
    var length = 1
    var position = offset
    var resumeAt: Int?
    var pointers = 0
    var earliest = offset
    while true {
      guard position < bytes.count else { throw .malformed("a name runs past the end of the reply at offset \(position)") }
      let marker = bytes[position]
      switch marker & 0xC0 {
      case 0x00:
        if marker == 0 {
          offset = resumeAt ?? position + 1
          return labels.isEmpty ? "." : labels.joined(separator: ".")
        }
        let count = Int(marker)
        guard position + 1 + count <= bytes.count else {
          throw .malformed("a label of \(count) bytes at offset \(position) runs past the end of the reply")
        }
        length += count + 1
        guard length <= Self.maximumNameLength else { throw .malformed("a name is longer than \(Self.maximumNameLength) bytes") }
        labels.append(Self.labelText(bytes[position + 1...position + count]))
        position += 1 + count
      case 0xC0:
        guard position + 1 < bytes.count else { throw .malformed("a compression pointer at offset \(position) is cut off") }
        let target = Int(marker & 0x3F) << 8 | Int(bytes[position + 1])
        guard target < earliest else {
          throw .malformed("a compression pointer at offset \(position) points to \(target), not before the name (a loop)")
        }
        earliest = target
        pointers += 1
        guard pointers <= Self.maximumPointers else { throw .malformed("a name follows more than \(Self.maximumPointers) compression pointers") }
        if resumeAt == nil { resumeAt = position + 2 }
        position = target
      default:
        throw .malformed("label type 0x\(String(marker & 0xC0, radix: 16)) at offset \(position) is not supported")
      }
    }
  }

  /// A label as text: printable ASCII kept, anything else escaped as `\DDD`.
  private static func labelText(_ label: ArraySlice<UInt8>) -> String {
    var text = ""
    for byte in label {
      if byte > 0x20, byte < 0x7F, byte != UInt8(ascii: "."), byte != UInt8(ascii: "\\") {
        text.unicodeScalars.append(Unicode.Scalar(byte))
      } else {
        let digits = String(byte)
        text += "\\" + String(repeating: "0", count: 3 - digits.count) + digits
      }
    }
    return text
  }
}
