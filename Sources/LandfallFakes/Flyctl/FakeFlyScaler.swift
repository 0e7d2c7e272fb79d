internal import LandfallCore

/// `fly scale count`: creates or destroys Machines per group; count 0 destroys every Machine of
/// the group and leaves its volumes detached.
enum FakeFlyScaler {
  static func scale(_ app: inout FakeFlyState.App, to targets: [(group: String, count: Int)]) -> CommandResult {
    let known = Set(app.machines.map(\.processGroup)).union(["app"])
    for target in targets where !known.contains(target.group) {
      return .failure(
        "process group '\(target.group)' not found; valid groups: \(known.sorted().joined(separator: ", "))")
    }
    var plan = "App '\(app.name)' is going to be scaled according to this plan:\n"
    var executed = "Executing scale plan\n"
    var changed = false
    for target in targets {
      let current = app.machines.filter { $0.processGroup == target.group }
      let difference = target.count - current.count
      guard difference != 0 else { continue }
      changed = true
      let template = current.first
      let region = template?.region ?? "iad"
      let size = template.map(FlyctlRendering.size) ?? "shared-cpu-1x"
      plan += "  \(difference > 0 ? "+" : "")\(difference) machines for group '\(target.group)' on region '\(region)' of size '\(size)'\n"
      if difference < 0 {
        for machine in current.suffix(-difference) {
          app.machines.removeAll { $0.id == machine.id }
          for index in app.volumes.indices where app.volumes[index].attachedMachineId == machine.id {
            app.volumes[index].attachedMachineId = nil
          }
          executed += "  Destroyed \(machine.id) group:\(target.group) region:\(machine.region) size:\(size)\n"
        }
      } else {
        for number in 0..<difference {
          let id = String(FlyctlRendering.digest("\(app.name)-\(target.group)-\(current.count + number)").prefix(14))
          var machine = template ?? FakeFlyState.Machine(
            id: id, region: region, state: "started", processGroup: target.group, cpuKind: "shared", cpus: 1,
            memoryMb: 256, image: "registry.fly.io/\(app.name):deployment-1", env: [], autostart: true)
          machine.id = id
          machine.state = "started"
          app.machines.append(machine)
          executed += "  Created \(id) group:\(target.group) region:\(region) size:\(size)\n"
        }
      }
    }
    guard changed else { return .success("App already scaled to desired state. No need for changes\n") }
    return .success(plan + executed)
  }
}
