import LandfallModel

extension ToolRunner {
  /// Why a call that makes a named, lasting resource must not run because it already exists:
  /// this session's ledger holds a resource of that tool and name, or the tool's declared listing
  /// shows one by that name (and type, for records) — a create whose answer was lost when the
  /// session died. The listing gets the call's arguments it requires (a zone's id). Nil when
  /// nothing stands in the way, or when the tool declares no name to look for.
  func alreadyCreated(_ call: ToolCall, tool: any Tool) async -> String? {
    guard tool.effect(for: call.arguments) != .read, let creates = tool.spec.creates,
      let argument = creates.namedBy, let name = call.arguments[argument]?.stringValue, !name.isEmpty
    else { return nil }
    if let held = migration.resources.first(where: { $0.tool == call.name && $0.name == name }) {
      return Self.reuseNote(name: name, found: "id \(held.id)", source: "created earlier in this session")
    }
    guard let listName = creates.listedBy, let list = registry.tool(named: listName), let listArguments = Self.arguments(for: list.spec, from: call.arguments),
      list.effect(for: listArguments) == .read,
      let output = try? await list.run(listArguments, context: ToolContext(vault: vault)), !output.isError,
      let listed = try? JSONParser.parse(output.text),
      let item = CreatedResource.item(named: name, in: listed, type: call.arguments["type"]?.stringValue)
    else { return nil }
    let found = item["id"]?.stringValue.map { "id \($0)" }
      ?? ["type", "content"].compactMap { item[$0]?.stringValue }.joined(separator: " ")
    return Self.reuseNote(name: name, found: found.isEmpty ? "listed" : found, source: "\(listName) shows it")
  }

  /// The arguments a listing needs, taken from the create's: nil when it requires one the create lacks.
  static func arguments(for listing: ToolSpec, from arguments: JSONValue) -> JSONValue? {
    let required = (listing.inputSchema["required"]?.arrayValue ?? []).compactMap(\.stringValue)
    var fields: [(String, JSONValue)] = []
    for key in required {
      guard let value = arguments[key] else { return nil }
      fields.append((key, value))
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
