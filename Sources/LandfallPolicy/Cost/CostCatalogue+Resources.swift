public import LandfallModel

extension CostCatalogue {
  /// The resource a call of `name` makes, when it makes a lasting one: a write whose verb creates
  /// or reserves something, listed by the server's `list_<noun>s` tool when it has one, and named
  /// by its `name` argument when its schema takes one. A key (`ssh_key`, `access_key`) is never
  /// found again by name: its secret half is given out once, so one of the same name is not
  /// this session's to use.
  public func createdResource(for name: String, effect: ToolEffect, inputSchema: JSONValue) -> CreatedResource? {
    guard effect == .write else { return nil }
    let (verb, noun) = Self.split(name)
    guard Self.creatingVerbs.contains(verb), !noun.isEmpty else { return nil }
    let plurals = [noun + "s", noun + "es"] + (noun.hasSuffix("y") ? [String(noun.dropLast()) + "ies"] : [])
    let lister = plurals.map { "list_" + $0 }.first(where: listTools.contains)
    let named = inputSchema["properties"]?["name"] != nil && !noun.hasSuffix("key") ? "name" : nil
    return CreatedResource(listedBy: lister, namedBy: named)
  }

  private static let creatingVerbs: Set<String> = ["create", "reserve"]
}
