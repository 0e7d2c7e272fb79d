public import LandfallCore
public import LandfallMCP
public import LandfallModel
import LandfallPolicy
public import LandfallTools

/// Builds a session the one way every command uses (`chat`, `tools call`, `eval`, replay and
/// `demo`): the world's tools and the cloud's MCP tools in one registry, one policy, one runner.
/// Only what the session talks to differs between a live session and the sandbox.
public enum SessionFactory {
  /// A session's runner and the servers it started.
  public struct Session: Sendable {
    /// The one place every tool call passes the policy.
    public let runner: ToolRunner
    /// The cloud's MCP servers, to stop when the session ends.
    public let servers: [MCPConnection]
    /// Every tool's spec, as offered.
    public let specs: [ToolSpec]

    /// Stops the cloud servers.
    public func stopServers() async {
      for server in servers { await server.stop() }
    }
  }

  /// Which cloud servers to start.
  public enum Cloud: Sendable {
    case none
    case servers(CloudServers)
  }

  /// Builds the session: the registry from `world` and `cloud`, the runner with `configuration`,
  /// and the ledger restored from `previous` (a resumed session's events). `adjust` lets the evals
  /// wrap a tool with a fault before the runner sees it.
  public static func build(
    world: ToolWorld, cloud: Cloud, configuration: ToolRunner.Configuration, approver: any Approver, vault: SecretVault,
    log: any EventLog, secretPrompter: (any SecretPrompter)? = nil, previous: [TranscriptEvent] = [],
    adjust: (inout ToolRegistry) -> Void = { _ in }
  ) async throws(MCPError) -> Session {
    var registry = world.registry()
    adjust(&registry)
    var servers: CloudServers?
    if case .servers(let all) = cloud { servers = all }
    let connections = try await servers?.connect(into: &registry) { await vault.redactor.redact($0) } ?? []
    let runner = ToolRunner(
      registry: registry, configuration: configuration, approver: approver, vault: vault, log: log, secretPrompter: secretPrompter)
    await runner.restore(from: previous)
    return Session(runner: runner, servers: connections, specs: registry.specs)
  }
}
