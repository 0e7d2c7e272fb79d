import Foundation
import LandfallCore
import LandfallFly
import LandfallTransport

/// Builds the live adapters from the process environment; the only place that reads it.
struct LiveWiring {
  let environment: [String: String]

  init(environment: [String: String] = ProcessInfo.processInfo.environment) {
    self.environment = environment
  }

  var commandRunner: ProcessCommandRunner {
    ProcessCommandRunner(path: environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin")
  }

  /// `LANDFALL_FLYCTL`, else `flyctl` on PATH, else `fly` on PATH.
  var flyctlLocation: FlyctlLocation {
    if let configured = environment["LANDFALL_FLYCTL"], !configured.isEmpty {
      return FlyctlLocation(executable: configured)
    }
    let path = (environment["PATH"] ?? "").split(separator: ":").map(String.init)
    for name in ["flyctl", "fly"] where path.contains(where: { FileManager.default.isExecutableFile(atPath: "\($0)/\(name)") }) {
      return FlyctlLocation(executable: name)
    }
    return FlyctlLocation(executable: "flyctl")
  }

  var flyctl: FlyctlClient {
    FlyctlClient(runner: commandRunner, location: flyctlLocation)
  }
}
