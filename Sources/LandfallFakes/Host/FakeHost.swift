import Foundation
public import LandfallCore
public import LandfallModel
internal import LandfallTools

/// A simulated Ubuntu VM for the sandbox and the evals: it plays the effects of the host
/// playbooks (packages, files with modes, mounts, containers, PostgreSQL, nginx) and answers a
/// few inspection commands, keeping its world in memory or in a shared JSON file.
public actor FakeHost: SSHSession {
  var world: JSONValue
  private let statePath: String?
  /// Every script or command run, in order.
  public private(set) var commands: [String] = []
  /// What a domain resolves to for the ACME server's validation (the fake cloud's zones).
  let resolve: @Sendable (String) async -> [DNSRecord]

  /// A host with one empty data disk attached and `files` (path to text) already on it;
  /// `statePath` shares the world between processes.
  public init(
    statePath: String? = nil, files: [String: String] = [:], publicAddress: String = "203.0.113.10",
    resolve: @escaping @Sendable (String) async -> [DNSRecord] = { _ in [] }
  ) {
    self.statePath = statePath
    self.resolve = resolve
    let seeded = files.sorted { $0.key < $1.key }.map { (key: $0.key, value: JSONValue.object([("content", .string($0.value)), ("mode", .int(0o644))])) }
    world = .object([("disks", .strings(["/dev/vdb"])), ("files", .object(seeded)), ("publicAddress", .string(publicAddress))])
  }

  public func exec(_ command: String, input: [UInt8]) async throws(SSHError) -> SSHExecResult {
    commands.append(command)
    load()
    defer { save() }
    if let header = HostScript.header(of: command) {
      if let cutover = await playCutover(header.playbook, header.arguments) { return cutover }
      return play(header.playbook, header.arguments, input: String(decoding: input, as: UTF8.self), script: command)
    }
    return inspect(command)
  }

  public func upload(_ data: [UInt8], to path: String, mode: Int32) async throws(SSHError) {
    load()
    write(path, String(decoding: data, as: UTF8.self), mode: Int(mode))
    save()
  }

  public func download(_ path: String) async throws(SSHError) -> [UInt8] {
    load()
    guard let file = world["files"]?[path] else { throw .failed("\(path): no such file") }
    return Array((file["content"]?.stringValue ?? "").utf8)
  }

  public func close() async {}

  /// The simulated world (packages, files, mounts, containers, images, nginx, postgres).
  public var snapshot: JSONValue {
    load()
    return world
  }

  func list(_ key: String) -> [String] { (world[key]?.arrayValue ?? []).compactMap(\.stringValue) }

  func add(_ key: String, _ value: String) {
    if !list(key).contains(value) { world = world.setting(key, to: .strings(list(key) + [value])) }
  }

  func write(_ path: String, _ content: String, mode: Int) {
    let files = world["files"] ?? .object([])
    world = world.setting("files", to: files.setting(path, to: .object([("content", .string(content)), ("mode", .int(mode))])))
  }

  func set(_ key: String, _ entry: String, _ value: JSONValue) {
    world = world.setting(key, to: (world[key] ?? .object([])).setting(entry, to: value))
  }

  private func load() {
    guard let statePath, let data = FileManager.default.contents(atPath: statePath),
      let parsed = try? JSONParser.parse(String(decoding: data, as: UTF8.self))
    else { return }
    world = parsed
  }

  private func save() {
    guard let statePath else { return }
    try? Data(JSONWriter.string(world, style: .pretty(indent: 2)).utf8).write(to: URL(fileURLWithPath: statePath), options: .atomic)
  }

  static func ok(_ output: String) -> SSHExecResult {
    SSHExecResult(exitStatus: 0, standardOutput: Array(output.utf8), standardError: [])
  }

  static func fail(_ status: Int32, _ message: String) -> SSHExecResult {
    SSHExecResult(exitStatus: status, standardOutput: [], standardError: Array((message + "\n").utf8))
  }
}

/// Connects every target to the same `FakeHost`.
public struct FakeHostConnector: SSHConnector {
  private let host: FakeHost

  /// A connector to `host`.
  public init(host: FakeHost) {
    self.host = host
  }

  public func connect(to target: SSHTarget) async throws(SSHError) -> any SSHSession {
    let offered = Self.fingerprint(target)
    if let approved = target.approvedHostKey, approved != offered {
      throw .hostKeyChanged(host: target.host, expected: approved, actual: offered)
    }
    return host
  }

  public func hostKey(of target: SSHTarget) async throws(SSHError) -> SSHHostKey {
    SSHHostKey(type: "ssh-ed25519", fingerprint: Self.fingerprint(target), standing: .firstUse)
  }

  /// The fake server's host key fingerprint: fixed per address and port.
  public static func fingerprint(_ target: SSHTarget) -> String {
    "SHA256:fake-host-key-of-\(target.host)-\(target.port)"
  }
}
