public import LandfallCore
public import LandfallModel

/// The docker CLI over the `CommandRunner` port. A registry login lasts one call: it goes into a
/// private configuration folder made by `mktemp -d` (mode 0700), the password reaches
/// `docker login --password-stdin` on standard input only, and the folder is removed after the
/// call, so no credential stays in the person's `~/.docker`.
///
/// `DOCKER_HOST` (docker's own setting, e.g. `ssh://cloud@VM`) moves the build to another
/// machine's engine, such as the migration's VM, without changing anything here.
public struct DockerClient: Sendable {
  /// A registry and who logs in to it; the password is a vault secret.
  public struct Login: Sendable {
    public var registry: String
    public var username: String
    public var password: Secret

    /// A login to `registry` (a host such as `ghcr.io`) as `username`.
    public init(registry: String, username: String, password: Secret) {
      self.registry = registry
      self.username = username
      self.password = password
    }
  }

  private let runner: any CommandRunner
  private let executable: String

  /// docker at `executable` (a name on PATH or a path), run through `runner`.
  public init(runner: any CommandRunner, executable: String = "docker") {
    self.runner = runner
    self.executable = executable
  }

  /// Runs `docker ARGUMENTS`, logged in with `login` for this call only; a non-zero exit is a result.
  public func run(_ arguments: [String], login: Login? = nil, timeout: Duration = .seconds(1800)) async throws(CommandError) -> CommandResult {
    guard let login else { return try await runner.run(CommandRequest(executable: executable, arguments: arguments, timeout: timeout)) }
    let made = try await runner.run(CommandRequest(executable: "mktemp", arguments: ["-d", "-t", "landfall-docker.XXXXXXXX"], timeout: .seconds(10)))
    let folder = made.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    guard made.succeeded, folder.hasPrefix("/") else {
      throw .failedToStart(executable: executable, reason: "cannot make a private folder for the registry login: \(made.standardError)")
    }
    let result: CommandResult
    do {
      let password = login.password.withValue { Array($0.utf8) }
      let loggedIn = try await runner.run(CommandRequest(
        executable: executable, arguments: ["--config", folder, "login", login.registry, "--username", login.username, "--password-stdin"],
        standardInput: password, timeout: .seconds(120)))
      if loggedIn.succeeded {
        result = try await runner.run(CommandRequest(executable: executable, arguments: ["--config", folder] + arguments, timeout: timeout))
      } else {
        result = CommandResult(
          exitCode: loggedIn.exitCode, standardOutput: loggedIn.standardOutput,
          standardError: "docker login \(login.registry) as \(login.username) failed: \(loggedIn.standardError)")
      }
    } catch {
      _ = try? await removeFolder(folder)
      throw error
    }
    _ = try await removeFolder(folder)
    return result
  }

  private func removeFolder(_ folder: String) async throws(CommandError) -> CommandResult {
    try await runner.run(CommandRequest(executable: "rm", arguments: ["-rf", "--", folder], timeout: .seconds(30)))
  }
}
