internal import LandfallCore

/// `fly machine run IMAGE [COMMAND...]`: starts one Machine outside the process groups, with the
/// volumes (`--volume NAME_OR_ID:PATH`, which must be detached and in the Machine's region), the
/// metadata and the autostart setting given. No `--port` means no services.
enum FakeFlyMachineRun {
  static func run(_ app: inout FakeFlyState.App, _ line: FlyctlArguments) -> CommandResult {
    let words = Array(line.positional.dropFirst(2))
    guard let image = words.first else { return .failure("requires at least 1 arg(s), only received 0") }
    var attach: [Int] = []
    var mountPath = "/data"
    var region = line.region
    for volume in line.volumes {
      let parts = volume.split(separator: ":", maxSplits: 1).map(String.init)
      guard parts.count == 2, parts[1].hasPrefix("/") else {
        return .failure("invalid volume specification \"\(volume)\", expected <volume_id_or_name>:/path")
      }
      let matching = app.volumes.indices.filter { index in
        let candidate = app.volumes[index]
        return (candidate.id == parts[0] || candidate.name == parts[0]) && (region == nil || candidate.region == region)
      }
      guard let index = matching.first(where: { app.volumes[$0].attachedMachineId == nil }) else {
        return .failure(matching.isEmpty
          ? "volume \(parts[0]) not found in app \(app.name)\(region.map { " in region \($0)" } ?? "")"
          : "volume \(parts[0]) is attached to machine \(app.volumes[matching[0]].attachedMachineId ?? ""): it cannot be mounted twice")
      }
      region = region ?? app.volumes[index].region
      attach.append(index)
      mountPath = parts[1]
    }
    let id = String(FlyctlRendering.digest("\(app.name)-run-\(app.machines.count)-\(image)").prefix(14))
    app.machines.append(FakeFlyState.Machine(
      id: id, region: region ?? "iad", state: "started", processGroup: "", image: image, autostart: line.autostart,
      metadata: line.metadata, mountPath: mountPath))
    for index in attach { app.volumes[index].attachedMachineId = id }
    return .success("""
      Searching for image '\(image)' remotely...
      image found: img_\(id.prefix(8))
      Image: \(image)

      Success! A Machine has been successfully launched in app \(app.name)
       Machine ID: \(id)
       Instance ID: 01J\(id.uppercased())
       State: created

       Attempting to start machine...

      ==> Monitoring health checks
      No health checks found

      Machine started, you can connect via the following private ip
        fdaa:0:1::3

      """)
  }
}
