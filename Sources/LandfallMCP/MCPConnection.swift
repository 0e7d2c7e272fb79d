import Foundation
public import LandfallCore
public import LandfallModel
internal import MCP
internal import SystemPackage

/// Why an MCP server could not be used.
public enum MCPError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The server's command could not be started (exit 3).
  case startFailed(command: String, reason: String)
  /// The server started but did not complete the handshake (exit 3).
  case handshakeFailed(command: String, reason: String)
  /// The server exited; `stderr` is the tail of what it printed (redacted).
  case serverDied(server: String, stderr: String)
  /// A call took longer than allowed and was cancelled.
  case timedOut(tool: String, after: Duration)
  /// The server answered something Landfall could not use.
  case protocolFailure(String)

  public var description: String {
    switch self {
    case .startFailed(let command, let reason): return "cannot start the MCP server \(command): \(reason)"
    case .handshakeFailed(let command, let reason): return "the MCP server \(command) did not complete the handshake: \(reason)"
    case .serverDied(let server, let stderr):
      return "the MCP server \(server) stopped" + (stderr.isEmpty ? "" : "; it last said: \(stderr)")
    case .timedOut(let tool, let after): return "\(tool) did not answer within \(after)"
    case .protocolFailure(let reason): return "the MCP server answered something unusable: \(reason)"
    }
  }
}

/// A supervised MCP server process and the client talking to it over stdio.
///
/// The SDK's stdio transport does not spawn processes, and its client spins when the server
/// dies; so this actor owns the process, disconnects the client the moment the process exits
/// (failing any call in flight), puts a timeout on every call, and restarts the server once.
public actor MCPConnection {
  private let config: MCPServerConfig
  private let searchPath: String
  private let environment: [String: String]?
  private let callTimeout: Duration
  private let handshakeTimeout: Duration
  private let onLog: @Sendable (String) -> Void
  private var process: Process?
  private var client: Client?
  private var stderrTail = StderrTail()
  private var restarts = 0
  private var generation = 0
  /// A fingerprint of the tool list seen at the first connection.
  public private(set) var toolsFingerprint: String?

  /// A connection for `config`; `onLog` receives the server's standard error line by line (the
  /// caller redacts it) and notices about restarts and changed tools.
  ///
  /// The handshake and the tool listing must finish within `handshakeTimeout`; a server that
  /// exits or never answers is an error naming it, with the last lines it printed. The server
  /// starts with `environment` plus the configuration's variables (this process's environment
  /// when nil).
  public init(
    config: MCPServerConfig, searchPath: String, environment: [String: String]? = nil, callTimeout: Duration = .seconds(60),
    handshakeTimeout: Duration = .seconds(20), onLog: @escaping @Sendable (String) -> Void
  ) {
    self.config = config
    self.searchPath = searchPath
    self.environment = environment
    self.callTimeout = callTimeout
    self.handshakeTimeout = handshakeTimeout
    self.onLog = onLog
  }

  /// Starts the server, completes the handshake and lists its tools.
  public func start() async throws(MCPError) -> [MCPToolDefinition] {
    try await spawn()
    let tools = try await listTools()
    let fingerprint = Self.fingerprint(tools)
    if let known = toolsFingerprint, known != fingerprint {
      onLog("[\(config.name)] the server's tool definitions changed since the first connection")
    }
    toolsFingerprint = toolsFingerprint ?? fingerprint
    return tools
  }

  /// Calls a tool; a dead server is restarted once, and a read-only call is then retried.
  public func call(_ name: String, arguments: JSONValue, retryable: Bool) async throws(MCPError) -> MCPToolResult {
    do {
      return try await callOnce(name, arguments: arguments)
    } catch {
      guard case .serverDied = error, restarts < 1 else { throw error }
      restarts += 1
      onLog("[\(config.name)] restarting the server after it stopped")
      _ = try await start()
      guard retryable else {
        throw MCPError.serverDied(server: config.name, stderr: "it was restarted; check what \(name) did before trying again")
      }
      return try await callOnce(name, arguments: arguments)
    }
  }

  /// Closes the server's input and waits for it to exit.
  public func stop() async {
    await client?.disconnect()
    client = nil
    if let process, process.isRunning {
      process.terminate()
    }
    process = nil
  }

  private func spawn() async throws(MCPError) {
    await stop()
    signal(SIGPIPE, SIG_IGN)
    generation += 1
    let launched = Process()
    guard let executable = Self.resolve(config.command, path: searchPath) else {
      throw .startFailed(command: config.command, reason: "not found on PATH")
    }
    launched.executableURL = URL(fileURLWithPath: executable)
    launched.arguments = config.arguments
    launched.environment = (environment ?? ProcessInfo.processInfo.environment).merging(config.environment) { $1 }
    let toServer = Pipe()
    let fromServer = Pipe()
    let errors = Pipe()
    launched.standardInput = toServer
    launched.standardOutput = fromServer
    launched.standardError = errors
    let current = generation
    launched.terminationHandler = { [weak self] _ in
      Task { await self?.serverExited(generation: current) }
    }
    do {
      try launched.runWithSignalsDelivered()
    } catch {
      throw .startFailed(command: config.command, reason: error.localizedDescription)
    }
    process = launched
    readErrors(errors.fileHandleForReading)
    let newClient = Client(name: "landfall", version: "0.1.0")
    let transport = StdioTransport(
      input: FileDescriptor(rawValue: fromServer.fileHandleForReading.fileDescriptor),
      output: FileDescriptor(rawValue: toServer.fileHandleForWriting.fileDescriptor))
    do {
      _ = try await Deadline.race(handshakeTimeout, alive: { launched.isRunning }) { try await newClient.connect(transport: transport) }
    } catch {
      launched.terminate()
      await newClient.disconnect()
      throw await handshakeFailure(error)
    }
    client = newClient
  }

  private func handshakeFailure(_ error: any Error) async -> MCPError {
    try? await Task.sleep(for: .milliseconds(100))
    let tail = stderrTail.text
    let printed = tail.isEmpty ? "it printed nothing on standard error" : "it last printed: \(tail)"
    let what: String
    switch error {
    case Deadline.Ending.passed: what = "it did not answer within \(handshakeTimeout.components.seconds) s"
    case Deadline.Ending.serverExited: what = "it exited during the handshake"
    default: what = String(describing: error)
    }
    let advice = config.command == "npx"
      ? "the default American Cloud server needs Node.js (npx) and network access to fetch it; use --sandbox to try Landfall without it"
      : "check the command and arguments for \"\(config.name)\" in the MCP configuration"
    return .handshakeFailed(command: config.command, reason: "the server \"\(config.name)\" failed: \(what); \(printed). \(advice)")
  }

  /// At most this many pages of tools are read from one server, and at most about this many tools.
  static let toolPageLimit = 64
  static let toolLimit = 4_096

  private func listTools() async throws(MCPError) -> [MCPToolDefinition] {
    guard let client, let launched = process else { throw .serverDied(server: config.name, stderr: stderrTail.text) }
    var definitions: [MCPToolDefinition] = []
    var cursor: String?
    var pages = 0
    repeat {
      pages += 1
      guard pages <= Self.toolPageLimit, definitions.count <= Self.toolLimit else {
        launched.terminate()
        await client.disconnect()
        self.client = nil
        throw .handshakeFailed(
          command: config.command,
          reason: "the server \"\(config.name)\" listed more than \(Self.toolLimit) tools or \(Self.toolPageLimit) pages of them; a server that keeps listing is not one Landfall can use")
      }
      do {
        let after = cursor
        let page = try await Deadline.race(handshakeTimeout, alive: { launched.isRunning }) { try await client.listTools(cursor: after) }
        definitions += page.tools.map(Self.definition)
        cursor = page.nextCursor
      } catch {
        launched.terminate()
        await client.disconnect()
        self.client = nil
        throw await handshakeFailure(error)
      }
    } while cursor != nil
    return definitions
  }

  private func callOnce(_ name: String, arguments: JSONValue) async throws(MCPError) -> MCPToolResult {
    guard let client, process?.isRunning == true else { throw .serverDied(server: config.name, stderr: stderrTail.text) }
    var values: [String: Value] = [:]
    for pair in arguments.objectValue ?? [] { values[pair.key] = MCPValue.value(pair.value) }
    let context: RequestContext<CallTool.Result>
    do {
      context = try await client.callTool(name: name, arguments: values)
    } catch {
      throw .protocolFailure(String(describing: error))
    }
    let limit = callTimeout
    let fired = TimeoutFlag()
    let timer = Task {
      try await Task.sleep(for: limit)
      fired.set()
      try? await client.cancelRequest(context.requestID, reason: "timed out")
    }
    defer { timer.cancel() }
    do {
      let result = try await context.value
      let text = result.content.compactMap { content -> String? in
        if case .text(let text, _, _) = content { return text }
        return nil
      }.joined(separator: "\n")
      return MCPToolResult(text: text, isError: result.isError ?? false)
    } catch {
      if process?.isRunning != true { throw .serverDied(server: config.name, stderr: stderrTail.text) }
      if fired.isSet { throw .timedOut(tool: name, after: limit) }
      throw .protocolFailure(String(describing: error))
    }
  }

  private func serverExited(generation exited: Int) async {
    guard exited == generation else { return }
    await client?.disconnect()
  }

  private nonisolated func readErrors(_ handle: FileHandle) {
    Thread.detachNewThread { [weak self] in
      var splitter = Data()
      while true {
        let chunk = handle.nextChunk()
        if chunk.isEmpty { break }
        splitter += chunk
        while let newline = splitter.firstIndex(of: 0x0A) {
          let line = String(decoding: splitter[splitter.startIndex..<newline], as: UTF8.self)
          splitter.removeSubrange(splitter.startIndex...newline)
          Task { await self?.errorLine(line) }
        }
      }
    }
  }

  private func errorLine(_ line: String) {
    stderrTail.add(line)
    onLog("[\(config.name)] \(line)")
  }

  static func definition(_ tool: MCP.Tool) -> MCPToolDefinition {
    MCPToolDefinition(
      name: tool.name, title: tool.title ?? tool.annotations.title, description: tool.description ?? "",
      inputSchema: MCPValue.json(tool.inputSchema), readOnly: tool.annotations.readOnlyHint ?? false,
      destructive: tool.annotations.destructiveHint ?? false, idempotent: tool.annotations.idempotentHint ?? false,
      openWorld: tool.annotations.openWorldHint ?? true)
  }

  static func fingerprint(_ tools: [MCPToolDefinition]) -> String {
    let text = tools.sorted { $0.name < $1.name }.map {
      "\($0.name)|\($0.description)|\(JSONWriter.string($0.inputSchema))|\($0.readOnly)|\($0.destructive)"
    }.joined(separator: "\n")
    return FNV1a.hex(text)
  }

  static func resolve(_ command: String, path: String) -> String? {
    if command.contains("/") { return FileManager.default.isExecutableFile(atPath: command) ? command : nil }
    for directory in path.split(separator: ":") {
      let candidate = "\(directory)/\(command)"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }
}

/// The last lines a server wrote to standard error, for error messages.
struct StderrTail {
  private var lines: [String] = []

  mutating func add(_ line: String) {
    lines.append(String(line.prefix(300)))
    if lines.count > 5 { lines.removeFirst() }
  }

  var text: String { lines.joined(separator: " | ") }
}

/// Set once when a call's deadline passes.
final class TimeoutFlag: @unchecked Sendable {
  // Guarded by `lock`.
  private let lock = NSLock()
  private var value = false

  func set() { lock.withLock { value = true } }
  var isSet: Bool { lock.withLock { value } }
}
