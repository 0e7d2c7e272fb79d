import LandfallModel

extension ToolRunner {
  /// Why a billable call that makes a lasting resource must not run because it already exists:
  /// this session's ledger holds a resource of that tool and name, or the tool's declared listing
  /// shows one by that name (a create whose answer was lost when the session died). Nil when
  /// nothing stands in the way, or when the tool declares no name to look for.
  func alreadyCreated(_ call: ToolCall, tool: any Tool) async -> String? {
    guard tool.spec.billable, tool.effect(for: call.arguments) != .read, let creates = tool.spec.creates,
      let argument = creates.namedBy, let name = call.arguments[argument]?.stringValue, !name.isEmpty
    else { return nil }
    if let held = migration.resources.first(where: { $0.tool == call.name && $0.name == name }) {
      return Self.reuseNote(name: name, id: held.id, source: "created earlier in this session")
    }
    guard let listName = creates.listedBy, let list = registry.tool(named: listName), list.effect(for: .object([])) == .read,
      let output = try? await list.run(.object([]), context: ToolContext(vault: vault)), !output.isError,
      let listed = try? JSONParser.parse(output.text), let id = CreatedResource.id(ofNamed: name, in: listed)
    else { return nil }
    return Self.reuseNote(name: name, id: id, source: "\(listName) shows it")
  }

  /// The resource a successful result of `call` made, for the ledger: its id from the result and
  /// its name from the result or the naming argument. Nil for tools that declare none.
  static func created(by call: ToolCall, spec: ToolSpec, output text: String) -> JSONValue? {
    guard let creates = spec.creates, let body = try? JSONParser.parse(text), let id = CreatedResource.id(in: body) else { return nil }
    let name = body["name"]?.stringValue ?? body["data"]?["name"]?.stringValue ?? creates.namedBy.flatMap { call.arguments[$0]?.stringValue }
    return .object([("id", .string(id)), ("name", name.map(JSONValue.string) ?? .null)])
  }

  private static func reuseNote(name: String, id: String, source: String) -> String {
    "not run: \(name) already exists (id \(id); \(source)), so nothing new was created or paid for. If it is this migration's (made before the session was interrupted), look it up by its id and use it; if it may be someone else's, ask the person before doing anything with it or choosing another name."
  }
}
