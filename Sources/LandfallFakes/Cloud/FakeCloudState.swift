import Foundation
public import LandfallModel

/// The fake American Cloud's world: every resource as the JSON object the API returns, plus
/// private bookkeeping keys starting with `_` that never leave the server.
///
/// Stored as JSON (`--state FILE`) so that several processes share one world; ids are derived
/// from a seed and a counter, so the same calls give the same ids.
public struct FakeCloudState: Sendable, Equatable {
  public var seed: String
  public var counter: Int
  public var collections: [String: [JSONValue]]

  /// An empty world.
  public init(seed: String = "landfall") {
    self.seed = seed
    counter = 0
    collections = [:]
  }

  /// The next deterministic UUID-shaped id.
  public mutating func nextID() -> String {
    counter += 1
    let hex = FNV1a.hex("\(seed)/\(counter)")
    let tail = String(UInt64(counter) &* 0x9E37_79B9, radix: 16).leftPadded(to: 12)
    return "\(hex.prefix(8))-\(hex.dropFirst(8).prefix(4))-4\(hex.dropFirst(13).prefix(3))-a\(tail.prefix(3))-\(tail.suffix(12))"
  }

  /// A fixed creation time that moves forward with the counter.
  public var now: String {
    let minute = counter % 60
    return "2026-11-27T10:\(minute < 10 ? "0" : "")\(minute):00.000Z"
  }

  /// The items of `collection`.
  public func items(_ collection: String) -> [JSONValue] {
    collections[collection] ?? []
  }

  /// The first item of `collection` whose `key` is `value`.
  public func find(_ collection: String, _ key: String, _ value: String) -> JSONValue? {
    items(collection).first { $0[key]?.stringValue == value }
  }

  /// Adds or replaces (by `id`, else by `key`) an item.
  public mutating func upsert(_ collection: String, _ item: JSONValue, key: String = "id") {
    var list = items(collection)
    if let value = item[key]?.stringValue, let index = list.firstIndex(where: { $0[key]?.stringValue == value }) {
      list[index] = item
    } else {
      list.append(item)
    }
    collections[collection] = list
  }

  /// Removes items matching `predicate`.
  public mutating func remove(_ collection: String, where predicate: (JSONValue) -> Bool) {
    collections[collection] = items(collection).filter { !predicate($0) }
  }

  /// The JSON form.
  public var json: JSONValue {
    .object([("seed", .string(seed)), ("counter", .int(counter))]
      + collections.keys.sorted().map { (key: $0, value: JSONValue.array(collections[$0] ?? [])) })
  }

  /// Reads the JSON form.
  public init(json: JSONValue) {
    seed = json["seed"]?.stringValue ?? "landfall"
    counter = json["counter"]?.intValue ?? 0
    collections = [:]
    for pair in json.objectValue ?? [] where pair.key != "seed" && pair.key != "counter" {
      collections[pair.key] = pair.value.arrayValue ?? []
    }
  }

  /// Loads the state at `path` (a fresh world when the file does not exist yet).
  public static func load(path: String) throws -> FakeCloudState {
    guard let data = FileManager.default.contents(atPath: path) else { return FakeCloudState() }
    return FakeCloudState(json: try JSONParser.parse(String(decoding: data, as: UTF8.self)))
  }

  /// Saves atomically to `path`.
  public func save(path: String) throws {
    try Data((JSONWriter.string(json, style: .pretty(indent: 2)) + "\n").utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
  }
}

extension String {
  fileprivate func leftPadded(to length: Int) -> String {
    count >= length ? String(suffix(length)) : String(repeating: "0", count: length - count) + self
  }
}

extension JSONValue {
  /// This object without the private `_` keys, as the API shows it.
  var visible: JSONValue {
    switch self {
    case .object(let pairs): return .object(pairs.filter { !$0.key.hasPrefix("_") }.map { (key: $0.key, value: $0.value.visible) })
    case .array(let items): return .array(items.map(\.visible))
    default: return self
    }
  }
}
