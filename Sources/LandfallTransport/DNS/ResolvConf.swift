import Foundation
public import LandfallCore

/// The system's resolver settings: the first `nameserver` line of resolv.conf.
public enum ResolvConf {
  /// The first nameserver in `text` (resolv.conf syntax), on port 53.
  public static func firstNameserver(in text: String) -> DNSServer? {
    for line in text.split(whereSeparator: \.isNewline) {
      let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
      guard words.count >= 2, words[0] == "nameserver" else { continue }
      let address = words[1].split(separator: "%").first.map(String.init) ?? ""
      if !address.isEmpty { return DNSServer(host: address) }
    }
    return nil
  }

  /// The first nameserver of the file at `path`; `nil` when it is missing or lists none.
  public static func systemNameserver(path: String = "/etc/resolv.conf") -> DNSServer? {
    guard let data = FileManager.default.contents(atPath: path) else { return nil }
    return firstNameserver(in: String(decoding: data, as: UTF8.self))
  }
}
