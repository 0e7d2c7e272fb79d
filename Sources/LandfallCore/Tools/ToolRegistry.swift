public import LandfallModel

/// The tools a session offers, by name, and which of them each phase exposes.
public struct ToolRegistry: Sendable {
  private var tools: [any Tool]
  private var phases: [String: Set<MigrationPhase>]

  /// A registry of `tools`; `phases` limits a tool to some phases (absent: every phase).
  public init(_ tools: [any Tool] = [], phases: [String: Set<MigrationPhase>] = [:]) {
    self.tools = tools
    self.phases = phases
  }

  /// Adds tools, replacing any of the same name.
  public mutating func add(_ more: [any Tool], phases: Set<MigrationPhase>? = nil) {
    for tool in more {
      tools.removeAll { $0.spec.name == tool.spec.name }
      tools.append(tool)
      if let phases { self.phases[tool.spec.name] = phases }
    }
  }

  /// The tool called `name`.
  public func tool(named name: String) -> (any Tool)? {
    tools.first { $0.spec.name == name }
  }

  /// Every spec, in registration order.
  public var specs: [ToolSpec] { tools.map(\.spec) }

  /// Whether the tool called `name` is offered in `phase`.
  public func isOffered(_ name: String, in phase: MigrationPhase) -> Bool {
    phases[name]?.contains(phase) ?? true
  }

  /// The phases that offer the tool called `name`, in order (`nil`: every phase).
  public func phases(offering name: String) -> [MigrationPhase]? {
    phases[name].map { $0.sorted { $0.rawValue < $1.rawValue } }
  }

  /// The specs offered to the model in `phase`.
  public func specs(for phase: MigrationPhase) -> [ToolSpec] {
    tools.map(\.spec).filter { isOffered($0.name, in: phase) }
  }
}
