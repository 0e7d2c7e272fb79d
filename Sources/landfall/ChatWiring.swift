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
      FileHandle.standardError.writeText("landfall: \(error.description); the prompts will not name the app's facts\n")
      return nil
    }
  }
}
