public import LandfallModel

/// An `update_dns_record` call that keeps its record's name and type. The cloud's update always
/// carries the record's whole new content, so such a call leaves the name where it points exactly
/// when `content` is what the record holds now: then it changes only the TTL (or nothing).
public struct DNSRecordRewrite: Sendable, Equatable {
  public var zone: String
  /// The record's name in its zone (`@` for the apex), in lower case.
  public var name: String
  /// A, AAAA or CNAME.
  public var type: String
  public var content: String

  /// The rewrite `arguments` of `tool` describe; `nil` for any other tool, and for an update that
  /// renames the record, changes its type, or is not an address or alias record.
  public init?(tool: String, arguments: JSONValue) {
    guard tool == "update_dns_record" else { return nil }
    let text = { (key: String) in String((arguments[key]?.stringValue ?? "").trimmingCharacters(in: " \t\r\n")) }
    let name = text("name").lowercased()
    let type = text("type").uppercased()
    guard let zone = arguments["zoneId"]?.stringValue, !name.isEmpty, name == text("currentName").lowercased(),
      type == text("currentType").uppercased(), ["A", "AAAA", "CNAME"].contains(type), !text("content").isEmpty
    else { return nil }
    self.zone = zone
    self.name = name
    self.type = type
    content = text("content")
  }
}
