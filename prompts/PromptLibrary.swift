import Foundation
public import LandfallModel

/// The agent's prompts: the system prompt, one per phase, the deploy-script follow-up and the
/// troubleshooting questions, as files under `prompts/text/`, filled with the app's facts.
public enum PromptLibrary {
  /// Why a prompt could not be produced.
  public struct MissingPrompt: Error, Sendable, CustomStringConvertible {
    public var name: String
    public var description: String { "the prompt \(name) is missing from the installation" }
  }

  /// The system prompt.
  public static func system(_ facts: PromptFacts) throws -> String {
    try render("system", facts)
  }

  /// The message that starts `phase`.
  public static func phase(_ phase: MigrationPhase, _ facts: PromptFacts) throws -> String {
    let names: [MigrationPhase: String] = [
      .inventory: "phase-1-inventory", .planAndPrice: "phase-2-plan", .provisionAndDeploy: "phase-3-provision",
      .migrateData: "phase-4-data", .dnsAndTLS: "phase-5-dns", .verifyAndDecommission: "phase-6-verify",
      .deployScript: "phase-7-deploy-script",
    ]
    return try render(names[phase] ?? "phase-1-inventory", facts)
  }

  /// The troubleshooting questions.
  public static func troubleshooting(_ facts: PromptFacts) throws -> String {
    try render("troubleshooting", facts)
  }

  static func render(_ name: String, _ facts: PromptFacts) throws -> String {
    guard let url = Bundle.module.url(forResource: name, withExtension: "md", subdirectory: "text"),
      let template = try? String(contentsOf: url, encoding: .utf8)
    else {
      throw MissingPrompt(name: name)
    }
    return PromptTemplate.fill(template, with: facts.values)
  }
}
