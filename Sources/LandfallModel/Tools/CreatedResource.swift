/// What a tool that makes a lasting cloud resource declares about it, so the runner can record
/// what it made and, after a crash, find one it already made instead of paying for a second.
public struct CreatedResource: Sendable, Equatable {
  /// The read tool that lists resources of this kind (`nil`: the cloud offers no listing).
  public var listedBy: String?
  /// The argument holding the name the session chose (`nil`: the resource takes no name).
  public var namedBy: String?

  /// A declaration.
  public init(listedBy: String?, namedBy: String?) {
    self.listedBy = listedBy
    self.namedBy = namedBy
  }

  /// The id of the resource a successful result `body` describes: its own `id`, or its `data`'s.
  public static func id(in body: JSONValue) -> String? {
    body["id"]?.stringValue ?? body["data"]?["id"]?.stringValue
  }

  /// The listed item named `name` (and of `type`, when given and the item has one): an item of
  /// the listing itself, or of its `data` page.
  public static func item(named name: String, in listing: JSONValue, type: String? = nil) -> JSONValue? {
    let items = listing.arrayValue ?? listing["data"]?.arrayValue ?? []
    return items.first { item in
      guard item["name"]?.stringValue == name else { return false }
      guard let type, let listed = item["type"]?.stringValue else { return true }
      return listed.uppercased() == type.uppercased()
    }
  }

  /// The id of the listed item named `name`, as `item(named:in:type:)` finds it.
  public static func id(ofNamed name: String, in listing: JSONValue, type: String? = nil) -> String? {
    item(named: name, in: listing, type: type)?["id"]?.stringValue
  }
}
