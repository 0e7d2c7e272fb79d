public import LandfallModel

extension CostCatalogue {
  /// The resource a call of `name` makes, when it makes a lasting one: a write whose verb creates
  /// or reserves something, listed by the server's `list_<noun>s` tool when it has one, and named
  /// by its `name` argument when its schema takes one.
  public func createdResource(for name: String, effect: ToolEffect, inputSchema: JSONValue) -> CreatedResource? {
    guard effect == .write else { return nil }
    let (verb, noun) = Self.split(name)
    guard Self.creatingVerbs.contains(verb), !noun.isEmpty else { return nil }
    let plurals = [noun + "s", noun + "es"] + (noun.hasSuffix("y") ? [String(noun.dropLast()) + "ies"] : [])
    let lister = plurals.map { "list_" + $0 }.first(where: listTools.contains)
    let named = inputSchema["properties"]?["name"] != nil ? "name" : nil
    return CreatedResource(listedBy: lister, namedBy: named)
  }

  private static let creatingVerbs: Set<String> = ["create", "reserve"]
}
