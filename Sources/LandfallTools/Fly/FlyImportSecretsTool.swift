public import LandfallCore
public import LandfallModel

/// `fly_import_secrets`: carries secret values from a running Fly Machine into the vault.
///
/// The values travel from flyctl's output straight into the vault; the model only learns which
/// names arrived. It asks first, because it reads values the person may not want copied.
public struct FlyImportSecretsTool: Tool {
  let settings: FlyToolSettings

  public var spec: ToolSpec {
    ToolSpec(
      name: "fly_import_secrets",
      description: "Copy the values of the named Fly secrets from a running Machine into Landfall's vault (values are never shown). Afterwards refer to them as {{secret:NAME}}.",
      inputSchema: Schema.object([("names", Schema.strings("secret names, as listed by the inventory"))], required: ["names"]),
      effect: .write)
  }

  public func vaultWrites(for arguments: JSONValue) -> [String] {
    (arguments["names"]?.arrayValue ?? []).compactMap(\.stringValue)
  }

  public func run(_ arguments: JSONValue, context: ToolContext) async throws(ToolFailure) -> ToolOutput {
    let app = try settings.requireApp()
    let names = (arguments["names"]?.arrayValue ?? []).compactMap(\.stringValue)
    guard !names.isEmpty, names.allSatisfy({ $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } }) else {
      throw .invalidArguments("names must be a non-empty list of variable names (letters, digits, _)")
    }
    var imported: [String] = []
    var missing: [String] = []
    var reason: String?
    for name in names {
      do {
        let output = try await settings.flyctl(["ssh", "console", "-a", app, "-C", "printenv \(name)"])
        var value = output
        if value.hasSuffix("\n") { value.removeLast() }
        try await context.keep(name, Secret(value), origin: .fly)
        imported.append(name)
      } catch {
        if case .unavailable = error { throw error }
        missing.append(name)
        reason = reason ?? error.message
      }
    }
    var lines = ["imported \(imported.count) of \(names.count) secret(s) into the vault: \(imported.joined(separator: ", "))"]
    if !missing.isEmpty {
      lines.append("not set on the Machine or not readable: \(missing.joined(separator: ", ")) (\(reason ?? "no reason given"))")
    }
    return ToolOutput(lines.joined(separator: "\n"), isError: imported.isEmpty)
  }
}
