public import LandfallCore
import LandfallFly
import LandfallModel

/// What a session's own tools talk to: the live adapters in a real session, the sandbox's fakes
/// in a demo or an eval. The same tools are built from either.
public struct ToolWorld: Sendable {
  /// The Fly app, its folder and flyctl.
  public var fly: FlyToolSettings
  /// The VM, once known.
  public var host: HostConnection
  /// Programs run on this machine for the host tools (`git archive` for an image build).
  public var commands: any CommandRunner
  /// Long-running programs on this machine (`flyctl ssh console` for the volume copy).
  public var launcher: (any StreamingProgramLauncher)?
  /// Where `generate_ssh_key` writes keys; without it the tool is not offered.
  public var keys: GenerateSSHKeyTool?
  /// Where the deploy script is written.
  public var scripts: any FileWriter
  /// PostgreSQL and the ways to reach it; without it the data tools are not offered.
  public var data: DataToolSettings?
  /// kubectl; without it `kube_apply` (and `image_push`) is not offered.
  public var kubectl: (any Kubectl)?
  /// The programs `image_push` runs (docker, and git for the commit); `nil`: `commands`. The
  /// sandbox and the evals can give `RecordingDocker` here.
  public var images: (any CommandRunner)?
  /// DNS, HTTPS and the offline copies of phases 5 and 6.
  public var cutover: CutoverSettings

  /// A world from its parts.
  public init(
    fly: FlyToolSettings, host: HostConnection, commands: any CommandRunner, launcher: (any StreamingProgramLauncher)?,
    keys: GenerateSSHKeyTool?, scripts: any FileWriter, data: DataToolSettings?, kubectl: (any Kubectl)?, cutover: CutoverSettings,
    images: (any CommandRunner)? = nil
  ) {
    self.fly = fly
    self.host = host
    self.commands = commands
    self.launcher = launcher
    self.keys = keys
    self.scripts = scripts
    self.data = data
    self.kubectl = kubectl
    self.cutover = cutover
    self.images = images
  }

  /// Every tool of this world, each with the phases it is offered in.
  public func registry() -> ToolRegistry {
    var registry = ToolRegistry()
    for tool in HostTools.all(host, appDirectory: fly.appDirectory, runner: commands, fly: fly) {
      registry.add([tool], phases: HostTools.phases(for: tool.spec.name))
    }
    BuiltinTools.register(into: &registry, fly: fly, keys: keys, scripts: scripts, data: data, kubectl: kubectl)
    if kubectl != nil {
      let images = self.images ?? commands
      registry.add([ImagePushTool(settings: fly, docker: DockerClient(runner: images), git: images)], phases: [.provisionAndDeploy])
    }
    if let launcher {
      registry.add(
        [FlyVolumeCopyTool(settings: VolumeCopySettings(fly: fly, flyctl: fly.flyctl.location, launcher: launcher, host: host))],
        phases: [.migrateData])
    }
    for entry in CutoverTools.all(cutover) { registry.add([entry.tool], phases: entry.phases) }
    return registry
  }
}
