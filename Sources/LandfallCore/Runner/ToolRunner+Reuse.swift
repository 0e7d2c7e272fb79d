import LandfallModel

extension ToolRunner {
  /// Why a call that makes a named, lasting resource must not run because it already exists:
  /// this session's ledger holds a resource of that tool and name, or — when an earlier call of
  /// it was sent and never answered with success (a crash, a server that died mid-call) — the
  /// tool's declared listing shows one by that name (and type, for records). The listing gets the
  /// create's arguments it requires (a zone's id) and its largest page. Only an id of plain
  /// characters from the listing reaches the model. Nil when nothing stands in the way.
  func alreadyCreated(_ call: ToolCall, tool: any Tool) async -> String? {
    guard tool.effect(for: call.arguments) != .read, let creates = tool.spec.creates,
      let argument = creates.namedBy, let name = call.arguments[argument]?.stringValue, !name.isEmpty
    else { return nil }
    if let held = migration.resources.first(where: { $0.tool == call.name && $0.name == name }) {
      return Self.reuseNote(name: name, found: "id \(held.id)", source: "created earlier in this session")
    }
    guard let key = Self.createKey(call, spec: tool.spec), unsettledCreates.contains(key),
      let listName = creates.listedBy, let list = registry.tool(named: listName),
      let listArguments = Self.arguments(for: list.spec, from: call.arguments), list.effect(for: listArguments) == .read,
      let output = try? await list.run(listArguments, context: ToolContext(vault: vault)), !output.isError,
      let listed = try? JSONParser.parse(output.text),
      let item = CreatedResource.item(named: name, in: listed, type: call.arguments["type"]?.stringValue)
    else { return nil }
    let id = item["id"]?.stringValue.flatMap(Self.plain)
    let type = item["type"]?.stringValue.flatMap(Self.plain)
    return Self.reuseNote(name: name, found: id.map { "id \($0)" } ?? type.map { "type \($0)" } ?? "listed", source: "\(listName) shows it")
  }

  /// The key of a create of a named resource: its tool and the name it was given.
  static func createKey(_ call: ToolCall, spec: ToolSpec) -> String? {
    guard let argument = spec.creates?.namedBy, let name = call.arguments[argument]?.stringValue, !name.isEmpty else { return nil }
    return call.name + "\u{0}" + name
  }

  /// `text` when it is a short run of plain characters (an id or a record type), else nil.
  static func plain(_ text: String) -> String? {
    let allowed = text.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || "._:-".unicodeScalars.contains($0)) }
    return allowed && (1...64).contains(text.count) ? text : nil
  }

  /// The arguments a listing needs, taken from the create's, with its largest page when it
  /// pages: nil when it requires one the create lacks.
  static func arguments(for listing: ToolSpec, from arguments: JSONValue) -> JSONValue? {
    let required = (listing.inputSchema["required"]?.arrayValue ?? []).compactMap(\.stringValue)
    var fields: [(String, JSONValue)] = []
    for key in required {
      guard let value = arguments[key] else { return nil }
      fields.append((key, value))
    }
    if let page = listing.inputSchema["properties"]?["pageSize"], !required.contains("pageSize") {
      fields.append(("pageSize", .int(page["maximum"]?.intValue ?? 100)))
    }
    return .object(fields)
  }

  /// The resource a successful result of `call` made, for the ledger: its id from the result and
  /// its name from the result or the naming argument. Nil for tools that declare none.
  static func created(by call: ToolCall, spec: ToolSpec, output text: String) -> JSONValue? {
    guard let creates = spec.creates, let body = try? JSONParser.parse(text), let id = CreatedResource.id(in: body) else { return nil }
    let name = body["name"]?.stringValue ?? body["data"]?["name"]?.stringValue ?? creates.namedBy.flatMap { call.arguments[$0]?.stringValue }
    return .object([("id", .string(id)), ("name", name.map(JSONValue.string) ?? .null)])
  }

  private static func reuseNote(name: String, found: String, source: String) -> String {
    "not run: \(name) already exists (\(found); \(source)), so nothing new was created or paid for. If it is this migration's (made before the session was interrupted), use it as it is (or update it); if it may be someone else's, ask the person before doing anything with it or choosing another name."
  }
}
