import LandfallModel

extension ToolRunner {
  /// Why a billable create must not run because what it would create already exists: this
  /// session's ledger holds a resource of that tool and name, or the cloud lists one by that name
  /// (a create whose answer was lost when the session died). Nil when nothing stands in the way.
  func alreadyCreated(_ call: ToolCall, tool: any Tool) async -> String? {
    guard tool.spec.billable, tool.effect(for: call.arguments) != .read, call.name.hasPrefix("create_"),
      let name = call.arguments["name"]?.stringValue, !name.isEmpty
    else { return nil }
    if let held = migration.resources.first(where: { $0.tool == call.name && $0.name == name }) {
      return Self.reuseNote(name: name, id: held.id, source: "created earlier in this session")
    }
    let listName = "list_" + call.name.dropFirst("create_".count) + "s"
    guard let list = registry.tool(named: listName), list.effect(for: .object([])) == .read,
      let output = try? await list.run(.object([]), context: ToolContext(vault: vault)), !output.isError,
      let listed = try? JSONParser.parse(output.text), let id = Self.id(ofNamed: name, in: listed)
    else { return nil }
    return Self.reuseNote(name: name, id: id, source: "\(listName) shows it")
  }

  private static func reuseNote(name: String, id: String, source: String) -> String {
    "not run: \(name) already exists (id \(id); \(source)), so nothing new was created or paid for. If it is this migration's (made before the session was interrupted), look it up by its id and use it; if it may be someone else's, ask the person before doing anything with it or choosing another name."
  }

  /// The id of the listed item named `name`: an item of the list itself, or of its `data` page.
  static func id(ofNamed name: String, in json: JSONValue) -> String? {
    let items = json.arrayValue ?? json["data"]?.arrayValue ?? []
    return items.first { $0["name"]?.stringValue == name }?["id"]?.stringValue
  }
}
