public import LandfallCore
public import LandfallModel
public import LandfallPolicy

/// `image_push`: a cluster cannot build images, so the app's committed code is built with docker
/// (here, or on the engine `DOCKER_HOST` names) and pushed to the person's registry under the
/// commit's tag; the registry token comes from the vault and reaches docker on standard input.
public struct ImagePushTool: Tool {
  /// The vault name the registry token is read from unless the call names another.
  public static let defaultPasswordSecret = "REGISTRY_PASSWORD"

  let settings: FlyToolSettings
  let docker: DockerClient
  let git: any CommandRunner

  /// A tool reading the app through `settings`, building and pushing with `docker`, and asking
  /// git (through `git`) which commit is checked out.
  public init(settings: FlyToolSettings, docker: DockerClient, git: any CommandRunner) {
    self.settings = settings
    self.docker = docker
    self.git = git
  }

  /// Prepares the app to run, which a database cluster never is.
  public func action(for arguments: JSONValue) -> MigrationAction { .prepareApp }

  /// The person sees where the registry token goes before approving.
  public func approvalNotes(for arguments: JSONValue) async -> [String] {
    let registry = (try? RegistryImage(arguments["image"]?.stringValue ?? "").registry) ?? "?"
    let token = arguments["passwordSecret"]?.stringValue ?? Self.defaultPasswordSecret
    return ["This logs in to the registry \(registry) with your \(token) and pushes the app's image there; the cluster will pull it from there."]
  }

  public var spec: ToolSpec {
    ToolSpec(
      name: "image_push",
      description: "For Kubernetes: build the app's committed code into an image and push it to the person's registry (American Cloud has none), tagged with the commit. The registry token must be in the vault (ask_secret, default name REGISTRY_PASSWORD). Pass the pushed image and the same registry login to kube_apply.",
      inputSchema: Schema.object([
        ("image", Schema.string("repository without tag, registry host first, e.g. ghcr.io/OWNER/APP")),
        ("username", Schema.string("registry user name (for GHCR, the GitHub user)")),
        ("passwordSecret", Schema.string("vault name of the registry token, starting with REGISTRY_; default REGISTRY_PASSWORD")),
        ("platform", Schema.string("platform of the cluster's nodes, default linux/amd64")),
      ], required: ["image", "username"]),
      effect: .write)
  }

  public func run(_ arguments: JSONValue, context: ToolContext) async throws(ToolFailure) -> ToolOutput {
    let target = try RegistryImage(arguments["image"]?.stringValue ?? "")
    let username = arguments["username"]?.stringValue ?? ""
    guard !username.isEmpty, !username.contains(where: { $0.isWhitespace || $0.isNewline }) else { throw .invalidArguments("username must be the registry user name") }
    let platform = arguments["platform"]?.stringValue ?? "linux/amd64"
    guard platform.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "/" || $0 == "," }) else { throw .invalidArguments("platform must look like linux/amd64") }
    let secretName = arguments["passwordSecret"]?.stringValue ?? Self.defaultPasswordSecret
    let password = try await context.vault.registryToken(secretName)
    let commit = try await checkedOutCommit()
    let inventory = try await settings.inventory(.object([]))
    guard let dockerfile = inventory.dockerfile else {
      throw .failed("the app has no Dockerfile to build; a cluster needs an image, so add one (or push the image yourself and give it to kube_apply)")
    }
    let reference = "\(target.repository):\(commit)"
    _ = try await docker(["build", "--platform", platform, "-t", reference, "-f", Path.join(settings.appDirectory, dockerfile), settings.appDirectory])
    let pushed = try await docker(["push", reference], login: DockerClient.Login(registry: target.registry, username: username, password: password))
    let digest = pushed.split(whereSeparator: { $0 == " " || $0 == "\n" }).first { $0.hasPrefix("sha256:") }.map(String.init)
    return ToolOutput("""
      built \(reference) for \(platform)
      pushed \(reference)\(digest.map { " (digest \($0))" } ?? "")
      next: kube_apply with image=\(reference), registryUsername=\(username), registryPasswordSecret=\(secretName)
      """, facts: [.imageReady(reference, .registry)])
  }

  private func docker(_ arguments: [String], login: DockerClient.Login? = nil) async throws(ToolFailure) -> String {
    let result: CommandResult
    do {
      result = try await docker.run(arguments, login: login)
    } catch {
      throw .unavailable("\(error.description); image_push needs docker with a running engine here, or DOCKER_HOST pointing at one")
    }
    guard result.succeeded else { throw .failed("docker \(arguments[0]) failed (exit \(result.exitCode)): \(result.standardError.suffix(800))") }
    return result.standardOutput
  }

  private func checkedOutCommit() async throws(ToolFailure) -> String {
    let directory = settings.appDirectory
    let status: CommandResult
    let head: CommandResult
    do {
      status = try await git.run(CommandRequest(executable: "git", arguments: ["-C", directory, "status", "--porcelain", "--untracked-files=no"], timeout: .seconds(30)))
      head = try await git.run(CommandRequest(executable: "git", arguments: ["-C", directory, "rev-parse", "--short=12", "HEAD"], timeout: .seconds(30)))
    } catch {
      throw .unavailable(error.description)
    }
    guard status.succeeded, head.succeeded else { throw .failed("\(directory) is not a git repository with a commit: the image is built from committed code") }
    guard status.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
      throw .failed("\(directory) has uncommitted changes; commit them first, only committed code is pushed:\n\(status.standardOutput)")
    }
    return head.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
  }
}
