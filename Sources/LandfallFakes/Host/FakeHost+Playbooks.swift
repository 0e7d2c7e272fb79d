internal import LandfallCore
internal import LandfallModel
internal import LandfallTools

extension FakeHost {
  func play(_ playbook: String, _ arguments: JSONValue, input: String, script: String = "") -> SSHExecResult {
    switch playbook {
    case "run_compose": return runCompose(arguments, script: script, input: input)
    case "release_command": return runRelease(arguments)
    case "install_docker":
      add("packages", "docker.io")
      add("packages", "docker-compose-v2")
      return Self.ok("Docker version 27.0.3, build fake\nDocker Compose version v2.27.0\n")
    case "mount_volume":
      let path = arguments["path"]?.stringValue ?? ""
      if let mounted = world["mounts"]?[path] { return Self.ok("\(mounted["device"]?.stringValue ?? "") \(path) 10G\n") }
      guard let disk = list("disks").first(where: { disk in !(world["mounts"]?.objectValue ?? []).contains { $0.value["device"]?.stringValue == disk } })
      else { return Self.fail(3, "no unused disk is attached") }
      add("formatted", disk)
      set("mounts", path, .object([("device", .string(disk)), ("fstab", .bool(true))]))
      return Self.ok("\(disk) \(path) 10G\n")
    case "exec_read_only":
      let words = (arguments["argv"]?.arrayValue ?? []).compactMap(\.stringValue)
      if words.first == "cat" || words.first == "head" || words.first == "tail" || words.first == "grep",
        words.dropFirst().contains(where: { path in (world["files"]?[path]?["mode"]?.intValue ?? 0o644) & 0o004 == 0 })
      {
        return Self.fail(1, "\(words[0]): Permission denied")
      }
      return inspect(words.joined(separator: " "))
    case "write_env_file":
      write(HostTools.envFile, input, mode: 0o600)
      let count = input.split(separator: "\n").count
      return Self.ok("wrote \(count) variable(s) to \(HostTools.envFile)\n")
    case "install_postgres":
      add("packages", "postgresql")
      let database = arguments["database"]?.stringValue ?? ""
      let password = input.split(separator: "\n").first.map(String.init) ?? ""
      if world["postgres"]?[database] == nil { set("postgres", database, .object([("owner", arguments["user"] ?? .null), ("tables", .object([]))])) }
      set("services", "postgresql", .object([("listen", .string("127.0.0.1:5432"))]))
      let current = world["files"]?[HostTools.envFile]?["content"]?.stringValue ?? ""
      let kept = current.split(separator: "\n").filter { !$0.hasPrefix("DATABASE_URL=") }.map { $0 + "\n" }.joined()
      let url = "postgres://\(arguments["user"]?.stringValue ?? ""):\(password)@127.0.0.1:5432/\(database)"
      write(HostTools.envFile, kept + "DATABASE_URL=\(url)\n", mode: 0o600)
      return Self.ok("LISTEN 0 244 127.0.0.1:5432 0.0.0.0:*\n")
    case "build_image":
      guard list("packages").contains("docker.io") else { return Self.fail(127, "docker: command not found") }
      guard !input.isEmpty else { return Self.fail(1, "tar: This does not look like a tar archive") }
      add("images", arguments["tag"]?.stringValue ?? "")
      return Self.ok("sha256:\(String(input.count, radix: 16))fake\n")
    case "run_container": return runContainer(arguments)
    case "configure_nginx":
      add("packages", "nginx")
      set("services", "nginx", .object([("upstream", arguments["port"] ?? .null)]))
      return Self.ok("nginx proxies :80 to 127.0.0.1:\(arguments["port"]?.intValue ?? 0)\n")
    case "health_check":
      guard let upstream = world["services"]?["nginx"]?["upstream"]?.intValue else { return Self.ok("000") }
      let serving = (world["containers"]?.objectValue ?? []).contains { container in
        container.value["running"]?.boolValue == true && (container.value["ports"]?.arrayValue ?? []).contains(.int(upstream))
      }
      return Self.ok(serving ? "200" : "502")
    case "logs":
      guard let container = world["containers"]?[arguments["name"]?.stringValue ?? ""] else {
        return Self.fail(1, "Error response from daemon: No such container")
      }
      return Self.ok(container["running"]?.boolValue == true ? "listening on :\(container["ports"]?.arrayValue?.first?.intValue ?? 0)\n" : "")
    default:
      return Self.fail(127, "the fake host does not know the playbook \(playbook)")
    }
  }

  private func runContainer(_ arguments: JSONValue) -> SSHExecResult {
    guard list("packages").contains("docker.io") else { return Self.fail(127, "docker: command not found") }
    let image = arguments["image"]?.stringValue ?? ""
    guard list("images").contains(image) else {
      return Self.fail(125, "Unable to find image '\(image)' locally")
    }
    guard world["files"]?[HostTools.envFile] != nil else { return Self.fail(125, "open \(HostTools.envFile): no such file or directory") }
    let name = arguments["name"]?.stringValue ?? ""
    let running = arguments["start"]?.boolValue ?? false
    set("containers", name, .object([("image", .string(image)), ("ports", arguments["ports"] ?? .array([])), ("running", .bool(running))]))
    return Self.ok("\(name) \(running ? "Up 1 second" : "Created")\n")
  }

  func inspect(_ command: String) -> SSHExecResult {
    let trimmed = command.trimmingCharacters(in: " \n")
    if trimmed.hasPrefix("uname") { return Self.ok("Linux 6.8.0-45-generic\nUbuntu 24.04.1 LTS\n") }
    if trimmed == "whoami" { return Self.ok("cloud\n") }
    if trimmed.hasPrefix("cat ") {
      let path = String(trimmed.dropFirst(4))
      guard let file = world["files"]?[path] else { return Self.fail(1, "cat: \(path): No such file or directory") }
      return Self.ok(file["content"]?.stringValue ?? "")
    }
    if trimmed.hasPrefix("ls") {
      let files = (world["files"]?.objectValue ?? []).map(\.key).sorted()
      return Self.ok(files.joined(separator: "\n") + "\n")
    }
    if trimmed.hasPrefix("df") {
      let mounts = (world["mounts"]?.objectValue ?? []).map { "\($0.value["device"]?.stringValue ?? "") 10G 24K 10G 1% \($0.key)" }
      return Self.ok((["Filesystem Size Used Avail Use% Mounted on", "/dev/vda1 48G 2.1G 46G 5% /"] + mounts).joined(separator: "\n") + "\n")
    }
    if trimmed.hasPrefix("docker ps") {
      let rows = (world["containers"]?.objectValue ?? []).map { "\($0.key) \($0.value["image"]?.stringValue ?? "") \($0.value["running"]?.boolValue == true ? "Up" : "Created")" }
      return Self.ok((["NAMES IMAGE STATUS"] + rows).joined(separator: "\n") + "\n")
    }
    if trimmed.hasPrefix("systemctl status") {
      let service = trimmed.split(separator: " ").last.map(String.init) ?? ""
      return world["services"]?[service] != nil ? Self.ok("● \(service).service\n   Active: active (running)\n") : Self.fail(4, "Unit \(service).service could not be found.")
    }
    return Self.fail(127, "sh: 1: \(trimmed.split(separator: " ").first ?? ""): not found (the fake host knows only inspection commands)")
  }
}
