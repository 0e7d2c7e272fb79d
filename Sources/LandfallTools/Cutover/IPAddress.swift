/// An IPv4 or IPv6 address as its bytes, so that two spellings of one address compare equal.
public struct IPAddress: Sendable, Equatable, Hashable {
  public let bytes: [UInt8]

  /// Parses dotted IPv4 or colon-separated IPv6 (with at most one `::`); `nil` otherwise.
  public init?(_ text: String) {
    if !text.contains(":") {
      let parts = text.split(separator: ".", omittingEmptySubsequences: false)
      let octets = parts.compactMap { $0.count <= 3 && $0.allSatisfy(\.isASCII) ? UInt8($0) : nil }
      guard parts.count == 4, octets.count == 4 else { return nil }
      bytes = octets
      return
    }
    let halves = text.split(separator: "::", omittingEmptySubsequences: false).map(String.init)
    guard halves.count <= 2 else { return nil }
    func groups(_ part: String) -> [UInt16]? {
      guard !part.isEmpty else { return [] }
      let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
      let values = pieces.compactMap { $0.count <= 4 && !$0.isEmpty ? UInt16($0, radix: 16) : nil }
      return values.count == pieces.count ? values : nil
    }
    guard let head = groups(halves[0]), let tail = halves.count == 2 ? groups(halves[1]) : [] else { return nil }
    let missing = 8 - head.count - tail.count
    guard halves.count == 2 ? missing >= 1 : missing == 0 else { return nil }
    bytes = (head + Array(repeating: 0, count: missing) + tail).flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
  }

  /// True for an IPv6 address.
  public var isIPv6: Bool { bytes.count == 16 }
}
