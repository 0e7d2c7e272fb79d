public import LandfallModel

/// What Landfall does with a cloud tool's result before anyone sees it, whichever way the cloud
/// was reached: a private key in a `create_ssh_key` result is saved (never overwriting a file),
/// put in the vault and replaced by its path; a cluster's kubeconfig goes into the vault
/// (`KubeconfigCapture`); a public-IP listing reports the VM's address.
public enum CloudResult {
  /// The output for `tool`'s successful result `text`.
  public static func output(tool: String, text: String, keys: any PrivateKeyStore, context: ToolContext) async throws(ToolFailure)
    -> ToolOutput
  {
    guard let body = try? JSONParser.parse(text) else { return ToolOutput(text) }
    if tool == "create_ssh_key", let privateKey = body["privateKey"]?.stringValue {
      let name = body["name"]?.stringValue ?? "key"
      let secret = Secret(privateKey)
      let path = try await keys.save(name: name, key: secret)
      try await context.keep("SSH_PRIVATE_KEY_" + name.uppercased().replacing("-", with: "_"), secret, origin: .minted)
      let shown = JSONValue.object((body.objectValue ?? []).filter { $0.key != "privateKey" })
        .setting("privateKeyFile", to: .string("saved to \(path) (mode 0600); the key itself is not shown"))
      return ToolOutput(JSONWriter.string(shown, style: .pretty(indent: 2)), facts: [.keySaved(path)])
    }
    if let shown = try await KubeconfigCapture.capture(tool: tool, body: body, context: context) {
      return ToolOutput(JSONWriter.string(shown, style: .pretty(indent: 2)))
    }
    return ToolOutput(text, facts: facts(tool, body))
  }

  /// The VM addresses a public-IP listing reports.
  public static func facts(_ name: String, _ body: JSONValue) -> [MigrationFact] {
    guard name.hasPrefix("list_public_ips") || name == "get_public_ip" else { return [] }
    let entries = body["data"]?.arrayValue ?? [body]
    return entries.filter { $0["isSourceNat"]?.boolValue == true || $0["isStaticNat"]?.boolValue == true }
      .compactMap { $0["ipAddress"]?.stringValue }.map(MigrationFact.vmAddress)
  }
}
