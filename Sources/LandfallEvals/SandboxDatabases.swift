import Foundation
public import LandfallCore
internal import LandfallModel
internal import LandfallFakes
internal import LandfallPolicy

/// The `--sandbox` session's PostgreSQL: the same two loopback clusters the evals use, started
/// the first time a data tool runs (so a sandbox session that never reaches phase 4 starts
/// nothing), with the sample account's Fly Postgres pointed at the source through the fake
/// flyctl's proxy. They stop when the process exits; a resumed sandbox session starts fresh ones.
public actor SandboxDatabases {
  /// The process's databases.
  public static let shared = SandboxDatabases()

  private var ports: (source: Int, target: Int)?
  private var starting: Task<(source: Int, target: Int), any Error>?

  /// Starts and seeds the clusters once (a second call while they start waits for the same
  /// start), and writes where the proxy leads into the sandbox's fake Fly state at `flyStatePath`.
  func ensure(flyStatePath: String) async throws(ToolFailure) {
    guard ports == nil else { return }
    let start = starting ?? Task { try await Self.start(flyStatePath: flyStatePath) }
    starting = start
    do {
      ports = try await start.value
    } catch {
      starting = nil
      throw (error as? ToolFailure) ?? .failed(String(describing: error))
    }
  }

  private static func start(flyStatePath: String) async throws -> (source: Int, target: Int) {
    let fresh: (source: Int, target: Int)
    do {
      fresh = try await EvalDatabases.shared.fresh(rows: 2_000)
    } catch {
      throw ToolFailure.unavailable("the sandbox moves data between local PostgreSQL clusters, and \(error.description)")
    }
    let file = FakeFlyStateFile(path: flyStatePath)
    do {
      var state = try file.load()
      for index in state.apps.indices where state.apps[index].postgres { state.apps[index].proxyTarget = "127.0.0.1:\(fresh.source)" }
      try file.save(state)
    } catch {
      await EvalDatabases.shared.release()
      throw ToolFailure.failed("cannot point the sandbox's Fly Postgres at its cluster: \(error.message)")
    }
    return fresh
  }

  /// This machine's port for the sandbox VM's PostgreSQL (5432 there), once started.
  public func localPort(forVMPort port: Int) -> Int? {
    port == 5432 ? ports?.target : nil
  }

  /// `registry` with every data tool made to start the databases first.
  public static func wrappingDataTools(in registry: inout ToolRegistry, flyStatePath: String) {
    for name in ["data_survey", "data_copy", "data_verify"] {
      guard let tool = registry.tool(named: name) else { continue }
      registry.add([ToolAround(tool, before: { () async throws(ToolFailure) in try await shared.ensure(flyStatePath: flyStatePath) })])
    }
  }
}
