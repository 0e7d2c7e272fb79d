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

  /// The inventory for the prompts; `nil` (with a notice) when the app cannot be read.
  func inventory(_ session: SessionWiring.Session) async -> Inventory? {
    let builder = InventoryBuilder(files: LocalFileSource(), survey: FlyAppSurvey(flyctl: session.flyctl))
    do {
      return try await builder.build(appDirectory: session.appDirectory, flyApp: session.app)
    } catch {
      if case .notFound = error {
        FileHandle.standardError.writeText(
          "landfall: \(session.appDirectory) has no fly.toml; run landfall in the app's folder, pass --app-dir with it, or name the app with --fly-app. The prompts will not name the app's facts.\n")
      } else {
        FileHandle.standardError.writeText("landfall: \(TerminalSafeText.visible(error.description)); the prompts will not name the app's facts\n")
      }
      return nil
    }
  }

  /// Fails with what to do when `--app-dir` names no directory.
  func checkAppDirectory() throws {
    let options = command.session
    guard !(options.sandbox && options.appDir == ".") else { return }
    switch LocalFileSource().kind(at: options.appDir) {
    case .directory?: return
    case nil:
      throw LandfallFailure.usage(
        "there is no directory \(options.appDir); pass --app-dir with the folder holding the app's fly.toml, or try --sandbox")
    default:
      throw LandfallFailure.usage("\(options.appDir) is a file, not a directory; pass --app-dir with the folder holding fly.toml")
    }
  }

  /// The chat's output: rendered and wrapped on a terminal, plain on a pipe.
  func output() -> TerminalOutput {
    let colour = isatty(2) == 1 && (live.environment["NO_COLOR"] ?? "").isEmpty
    let terminal = isatty(1) == 1
    return TerminalOutput(colour: colour, terminal: terminal, width: TerminalWidth.columns(environment: live.environment))
  }

  /// The banner describing the session.
  func banner(_ session: SessionWiring.Session, endpoint: LLMEndpoint, settings: AgentSettings, app: String?) -> ChatBanner {
    let url = URL(string: endpoint.baseURL)
    let host = url.flatMap { url in url.host.map { host in url.port.map { "\(host):\($0)" } ?? host } } ?? endpoint.baseURL
    let options = command.session
    return ChatBanner(
      app: app ?? session.app, model: settings.model, endpointHost: host, provider: endpoint.provider.rawValue,
      sandbox: options.sandbox, writesAllowed: options.allowWrites, capUSD: options.maxMonthlyUsd, sessionID: session.sessionID,
      resumed: !session.previousEvents.isEmpty)
  }
}
