public import LandfallCore
public import LandfallModel

/// `generate_ssh_key`: makes an ed25519 key pair on this machine for reaching the new server.
///
/// The private key is written by ssh-keygen to `~/.ssh/landfall-<name>` with mode 0600 and enters
/// the vault (so any accidental echo is redacted); only its path and the public key go back.
public struct GenerateSSHKeyTool: Tool {
  private let runner: any CommandRunner
  private let files: any FileSource
  private let sshDirectory: String

  /// A tool writing keys under `sshDirectory` (normally `~/.ssh`).
  public init(runner: any CommandRunner, files: any FileSource, sshDirectory: String) {
    self.runner = runner
    self.files = files
    self.sshDirectory = sshDirectory
  }

  public var spec: ToolSpec {
    ToolSpec(
      name: "generate_ssh_key",
      description: "Create an ed25519 SSH key pair on this machine (private key saved with mode 0600, never shown). Returns the key's path and public key.",
      inputSchema: Schema.object([("name", Schema.string("short name, letters, digits and -"))], required: ["name"]),
      effect: .write)
  }

  public func run(_ arguments: JSONValue, context: ToolContext) async throws(ToolFailure) -> ToolOutput {
    guard let name = arguments["name"]?.stringValue, !name.isEmpty, name.count <= 64,
      name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
    else {
      throw .invalidArguments("name must be 1-64 letters, digits, - or _")
    }
    let path = Path.join(sshDirectory, "landfall-\(name)")
    if files.kind(at: path) == nil {
      _ = try await command("mkdir", ["-p", "-m", "700", sshDirectory])
      let made = try await command("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "landfall-\(name)", "-f", path])
      guard made.succeeded else { throw .failed("ssh-keygen failed: \(made.standardError)") }
    }
    _ = try await command("chmod", ["600", path])
    let privateKey: String
    let publicKey: String
    do {
      privateKey = try files.text(at: path)
      publicKey = String(try files.text(at: path + ".pub").trimmingCharacters(in: " \n"))
    } catch {
      throw .failed("the key was made but cannot be read back: \(error.description)")
    }
    try await context.keep(Self.vaultName(name), Secret(privateKey), origin: .minted)
    return ToolOutput("private key: \(path) (mode 0600, kept on this machine)\npublic key: \(publicKey)", facts: [.keySaved(path)])
  }

  /// The vault name of the private key called `name`.
  public static func vaultName(_ name: String) -> String {
    "SSH_PRIVATE_KEY_" + name.uppercased().replacing("-", with: "_")
  }

  public func vaultWrites(for arguments: JSONValue) -> [String] {
    [arguments["name"]?.stringValue].compactMap { $0 }.map(Self.vaultName)
  }

  private func command(_ program: String, _ arguments: [String]) async throws(ToolFailure) -> CommandResult {
    do {
      return try await runner.run(CommandRequest(executable: program, arguments: arguments, timeout: .seconds(30)))
    } catch {
      throw .unavailable(error.description)
    }
  }
}
