public import LandfallCore
public import LandfallModel
public import LandfallPolicy

/// `write_deploy_script`: writes the deploy script that replaces `fly deploy` into the app's
/// repository, from the app's fly.toml; an existing different file is kept unless `overwrite`.
public struct WriteDeployScriptTool: Tool {
  private let files: any FileSource
  private let writer: any FileWriter
  private let appDirectory: String

  /// A tool reading fly.toml in `appDirectory` through `files` and writing through `writer`.
  public init(appDirectory: String, files: any FileSource, writer: any FileWriter) {
    self.appDirectory = appDirectory
    self.files = files
    self.writer = writer
  }

  /// Prepares the app to run, which a database cluster never is.
  public func action(for arguments: JSONValue) -> MigrationAction { .prepareApp }

  public var spec: ToolSpec {
    ToolSpec(
      name: "write_deploy_script",
      description: "Write deploy.sh into the app's repository: one command that builds the committed code on the VM, runs the release command, health-checks the new version beside the old and switches nginx to it (with rollback and status). Values come from fly.toml; healthPath overrides its HTTP check.",
      inputSchema: Schema.object([
        ("path", Schema.string("file inside the app directory, default deploy.sh")),
        ("healthPath", Schema.string("path the new version must answer before it gets traffic, e.g. /healthz")),
        ("overwrite", .object([("type", .string("boolean")), ("description", .string("replace an existing, different file"))])),
      ], required: []),
      effect: .write)
  }

  public func replacedFiles(for arguments: JSONValue) -> [String] {
    arguments["overwrite"]?.boolValue == true ? [arguments["path"]?.stringValue ?? "deploy.sh"] : []
  }

  public func run(_ arguments: JSONValue, context: ToolContext) async throws(ToolFailure) -> ToolOutput {
    let relative = arguments["path"]?.stringValue ?? "deploy.sh"
    guard !relative.isEmpty, !relative.hasPrefix("/"), !relative.split(separator: "/").contains("..") else {
      throw .invalidArguments("path must be a file inside the app directory, such as deploy.sh")
    }
    var app: DeployApp
    let script: String
    do {
      app = try DeployApp.read(appDirectory: appDirectory, files: files)
      if let health = arguments["healthPath"]?.stringValue, app.httpGroup != nil { app.healthPath = health }
      script = try DeployScript.render(app)
    } catch {
      throw .failed(error.description)
    }
    let path = Path.join(appDirectory, relative)
    let existing = try? files.text(at: path)
    if existing == script { return ToolOutput("\(relative) is already up to date\n" + Self.summary(app)) }
    if existing != nil, arguments["overwrite"]?.boolValue != true {
      throw .failed("\(relative) already exists with other content; ask the person, then call again with overwrite=true, or pick another path")
    }
    do {
      try writer.write(script, to: path, executable: true)
    } catch {
      throw .failed(error.description)
    }
    return ToolOutput("wrote \(relative) (mode 0755)\n" + Self.summary(app))
  }

  /// What the script for `app` does, in a few lines for the person or the model.
  public static func summary(_ app: DeployApp) -> String {
    let groups = app.groups.map { $0.command.isEmpty ? $0.name : "\($0.name): \($0.command.joined(separator: " "))" }
    let ports = DeployScript.defaultPorts(for: app)
    let compose = app.runtime == .compose
      ? "\nevery group runs as the Compose project \(app.composeProject)-a or \(app.composeProject)-b from \(app.composeFile); the first deploy takes down \(app.composeProject)"
      : ""
    return """
      app \(app.name); process groups \(groups.joined(separator: "; "))
      behind nginx: \(app.httpGroup.map { "\($0) on port \(app.internalPort ?? 0), health \(app.healthPath ?? "any answer at /")" } ?? "nothing (no HTTP service)")
      release command: \(app.releaseCommand.isEmpty ? "none" : app.releaseCommand.joined(separator: " "))
      new versions alternate between 127.0.0.1:\(ports.0) and 127.0.0.1:\(ports.1)\(compose)
      next: put LANDFALL_HOST, LANDFALL_USER and LANDFALL_SSH_KEY in .landfall/deploy.env (keep it out of git), then run ./deploy.sh
      """
  }
}
