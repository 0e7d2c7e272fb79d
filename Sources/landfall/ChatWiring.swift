import Foundation
import LandfallCore
import LandfallFly
import LandfallLLM
import LandfallModel
import LandfallTransport

/// The model endpoint and the inventory a chat starts from.
struct ChatWiring {
  let command: ChatCommand
  let live: LiveWiring

  func endpoint() throws -> LLMEndpoint {
    let provider = LLMProvider(rawValue: command.provider) ?? .openai
    let url = command.llmUrl ?? live.environment["LANDFALL_LLM_URL"] ?? "http://127.0.0.1:11434/v1"
    guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
      throw LandfallFailure.usage("--llm-url must start with http:// or https:// (got \(url))")
    }
    var variable = "LANDFALL_API_KEY"
    var key = live.environment[variable].flatMap { $0.isEmpty ? nil : $0 }
    if key == nil, provider != .ollama {
      variable = provider.keyVariable
      key = live.environment[variable].flatMap { $0.isEmpty ? nil : $0 }
    }
    if provider == .anthropic, key == nil {
      throw LandfallFailure.usage("the anthropic provider needs a key: set LANDFALL_API_KEY or ANTHROPIC_API_KEY")
    }
    return LLMEndpoint(provider: provider, baseURL: url, apiKey: key.map(Secret.init), keyVariable: variable)
  }

  func modelName() throws -> String {
    guard let model = command.model ?? live.environment["LANDFALL_MODEL"], !model.isEmpty else {
      throw LandfallFailure.usage("no model named: pass --model or set LANDFALL_MODEL")
    }
    return model
  }

  /// The inventory for the prompts; `nil` (with a notice) when the app cannot be read.
  func inventory(_ session: SessionWiring.Session) async -> Inventory? {
    let builder = InventoryBuilder(files: LocalFileSource(), survey: FlyAppSurvey(flyctl: session.flyctl))
    do {
      return try await builder.build(appDirectory: session.appDirectory, flyApp: session.app)
    } catch {
      FileHandle.standardError.write(Data("landfall: \(error.description); the prompts will not name the app's facts\n".utf8))
      return nil
    }
  }
}
