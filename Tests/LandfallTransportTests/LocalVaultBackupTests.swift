import Foundation
import LandfallCore
import LandfallModel
import LandfallTestSupport
import LandfallTransport
import Testing

/// The vault's values survive a restart of the session only in a file only the person can read;
/// a damaged or widely readable file is refused with a clear reason and never quoted.
@Suite(.ownThreads) struct LocalVaultBackupTests {
  func folder() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("landfall-vault-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  func mode(_ path: String) throws -> Int {
    ((try FileManager.default.attributesOfItem(atPath: path))[.posixPermissions] as? NSNumber)?.intValue ?? -1
  }

  @Test func aResumedVaultHasWhatTheKilledOneGatheredButNotThePersonsSecretsFile() async throws {
    let path = try folder() + "/vaults/session-1.json"
    let first = SecretVault(backup: LocalVaultBackup(path: path))
    try await first.store("DATABASE_URL", Secret("postgres://u:from-fly-9f2@db/x"), origin: .fly)
    try await first.store("VM_DATABASE_PASSWORD", Secret("minted\nwith a newline"), origin: .minted)
    try await first.store("FROM_FILE", Secret("the-person-has-this-file"), origin: .secretsFile)
    try await first.store("VM_DATABASE_PASSWORD", Secret("minted-again"), origin: .minted, replacing: true)
    #expect(try mode(path) == 0o600)
    #expect(try mode((path as NSString).deletingLastPathComponent) == 0o700)
    let stored = try String(contentsOfFile: path, encoding: .utf8)
    #expect(!stored.contains("the-person-has-this-file"))

    await first.redactOnly("LLM_API_KEY", Secret("sk-endpoint-key-never-kept"))
    try await first.store("DATABASE_URL", Secret("postgres://u:typed-later@db/x"), origin: .person, replacing: true)
    #expect(!(try String(contentsOfFile: path, encoding: .utf8)).contains("sk-endpoint-key-never-kept"))

    let resumed = SecretVault(backup: LocalVaultBackup(path: path))
    #expect(try await resumed.restore().sorted() == ["DATABASE_URL", "VM_DATABASE_PASSWORD"])
    #expect(await resumed.origin(of: "DATABASE_URL") == .person)
    #expect(!(await resumed.redactor.redact("the old one: postgres://u:from-fly-9f2@db/x")).contains("from-fly-9f2"), "a replaced value stays redacted")
    #expect(!(await resumed.redactor.redact("the new one: postgres://u:typed-later@db/x")).contains("typed-later"))
    #expect(!(await resumed.redactor.redact("minted\nwith a newline")).contains("with a newline"))
    let substituted = await resumed.redactor.redact("password minted-again and postgres://u:from-fly-9f2@db/x")
    #expect(!substituted.contains("minted-again") && !substituted.contains("from-fly-9f2"))
  }

  @Test func aFileOthersCanReadOrThatIsDamagedIsRefusedWithoutQuotingIt() throws {
    let directory = try folder()
    let open = directory + "/open.json"
    try Data(#"{"entries":[{"name":"A","origin":"fly","value":"top-secret-value"}]}"#.utf8).write(to: URL(fileURLWithPath: open))
    chmod(open, 0o644)
    #expect(throws: VaultBackupError.self) { try LocalVaultBackup(path: open).load() }
    do {
      _ = try LocalVaultBackup(path: open).load()
    } catch {
      #expect(error.message.contains("chmod 600") && !error.message.contains("top-secret-value"))
    }
    let damaged = directory + "/damaged.json"
    try Data(#"{"entries":[{"name":"A","value":"top-secret-val"#.utf8).write(to: URL(fileURLWithPath: damaged))
    chmod(damaged, 0o600)
    do {
      _ = try LocalVaultBackup(path: damaged).load()
      Issue.record("a damaged file was read")
    } catch {
      #expect(error.message.contains("damaged") && !error.message.contains("top-secret"))
    }
    #expect(try LocalVaultBackup(path: directory + "/absent.json").load().isEmpty)
  }

  @Test func aValueThatCannotBeKeptIsNotStoredAndTheToolIsToldWhy() async throws {
    let blocked = try folder() + "/not-a-folder"
    try Data("x".utf8).write(to: URL(fileURLWithPath: blocked))
    let vault = SecretVault(backup: LocalVaultBackup(path: blocked + "/vault.json"))
    await #expect(throws: SecretVaultError.self) { try await vault.store("VM_DATABASE_PASSWORD", Secret("minted"), origin: .minted) }
    #expect(await vault.names.isEmpty)
    try await vault.store("FROM_FILE", Secret("file-value"), origin: .secretsFile)
    #expect(await vault.names == ["FROM_FILE"])
  }
}
