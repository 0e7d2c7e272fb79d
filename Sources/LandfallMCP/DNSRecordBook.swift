public import LandfallCore
internal import LandfallModel
internal import Synchronization

/// The DNS records one cloud server listed in this session, zone by zone, so that an update which
/// rewrites a record with the content it already has (to lower its TTL before the switch) can be
/// told from one that moves the name. Only a complete listing of a zone is kept, and any write to
/// a zone forgets it, so what is unknown or may have changed counts as a move.
public final class DNSRecordBook: Sendable {
  /// Zone id to "name TYPE" to the contents listed there.
  private let zones = Mutex<[String: [String: [String]]]>([:])

  /// An empty book.
  public init() {}

  /// Keeps `listing` (a `list_dns_records` result) as zone `zone`'s records when it holds every
  /// record of the zone; otherwise forgets the zone.
  public func learn(zone: String, listing: String) {
    guard let body = try? JSONParser.parse(listing), let entries = body["data"]?.arrayValue,
      body["total"]?.intValue == entries.count
    else { return forget(zone: zone) }
    var records: [String: [String]] = [:]
    for entry in entries {
      guard let name = entry["name"]?.stringValue, let type = entry["type"]?.stringValue, let content = entry["content"]?.stringValue else {
        return forget(zone: zone)
      }
      records[Self.key(name, type), default: []].append(String(content.trimmingCharacters(in: " \t\r\n")))
    }
    zones.withLock { $0[zone] = records }
  }

  /// Forgets what was listed for `zone`.
  public func forget(zone: String) {
    _ = zones.withLock { $0.removeValue(forKey: zone) }
  }

  /// True when the last complete listing shows the rewritten record with exactly the rewrite's
  /// content and no other value.
  public func holds(_ rewrite: DNSRecordRewrite) -> Bool {
    zones.withLock { $0[rewrite.zone]?[Self.key(rewrite.name, rewrite.type)] } == [rewrite.content]
  }

  private static func key(_ name: String, _ type: String) -> String {
    "\(name.trimmingCharacters(in: " ").lowercased()) \(type.trimmingCharacters(in: " ").uppercased())"
  }
}
