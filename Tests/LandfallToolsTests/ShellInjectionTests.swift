import Foundation
import LandfallCore
import LandfallModel
import LandfallTestSupport
import LandfallTools
import Testing

/// Runs the playbooks' real scripts in a local shell whose system commands are recorders, with
/// hostile arguments: nothing the model wrote may run as a command.
@Suite(.ownThreads) struct ShellInjectionTests {
  /// An `SSHSession` that runs scripts with /bin/sh in a temporary folder, with stub commands first on PATH.
  actor LocalShell: SSHSession {
    let directory: URL
    let stubs: URL

    init() throws {
      directory = FileManager.default.temporaryDirectory.appendingPathComponent("landfall-shell-\(UUID().uuidString)")
      stubs = directory.appendingPathComponent("bin")
      try FileManager.default.createDirectory(at: stubs, withIntermediateDirectories: true)
      let recorder = "#!/bin/sh\nprintf '%s\\0' \"$(basename \"$0\")\" \"$@\" >> \"$LANDFALL_STUB_LOG\"\nprintf '\\n' >> \"$LANDFALL_STUB_LOG\"\n"
      let lsblk = recorder + "case \"$1\" in -dpno) echo '/dev/vdb disk' ;; -no) [ \"$2\" = NAME ] && echo vdb ;; esac\n"
      try Data(lsblk.utf8).write(to: stubs.appendingPathComponent("lsblk"))
      try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: stubs.appendingPathComponent("lsblk").path)
      for name in ["sudo", "docker", "apt-get", "systemctl", "mkfs.ext4", "blkid", "mount", "findmnt", "nginx", "curl", "tee", "ss", "grep"] {
        let stub = stubs.appendingPathComponent(name)
        try Data(recorder.utf8).write(to: stub)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: stub.path)
      }
    }

    var log: String {
      (try? String(contentsOf: directory.appendingPathComponent("stub.log"), encoding: .utf8)) ?? ""
    }

    func exec(_ command: String, input: [UInt8]) async throws(SSHError) -> SSHExecResult {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/bin/sh")
      process.arguments = ["-c", command]
      process.currentDirectoryURL = directory
      process.environment = [
        "PATH": stubs.path + ":/usr/bin:/bin", "LANDFALL_STUB_LOG": directory.appendingPathComponent("stub.log").path,
        "HOME": directory.path,
      ]
      let stdin = Pipe()
      let stdout = Pipe()
      process.standardInput = stdin
      process.standardOutput = stdout
      process.standardError = FileHandle.nullDevice
      do {
        try process.run()
      } catch {
        throw .failed("\(error)")
      }
      try? stdin.fileHandleForWriting.write(contentsOf: Data(input))
      try? stdin.fileHandleForWriting.close()
      let output = stdout.fileHandleForReading.readAllSurvivingInterrupts()
      process.waitUntilExit()
      return SSHExecResult(exitStatus: process.terminationStatus, standardOutput: Array(output), standardError: [])
    }

    func upload(_ data: [UInt8], to path: String, mode: Int32) async throws(SSHError) {}
    func download(_ path: String) async throws(SSHError) -> [UInt8] { [] }
    func close() async {}
  }

  struct Connector: SSHConnector {
    let shell: LocalShell
    func connect(to target: SSHTarget) async throws(SSHError) -> any SSHSession { shell }
    func hostKey(of target: SSHTarget) async throws(SSHError) -> SSHHostKey {
      SSHHostKey(type: "ssh-ed25519", fingerprint: "SHA256:local", standing: .matches)
    }
  }

  static let hostile = [
    "x'; touch PWNED; echo '", "$(touch PWNED)", "`touch PWNED`", "x\"; touch PWNED; echo \"", "a;touch PWNED", "a\ntouch PWNED",
  ]

  @Test(arguments: hostile)
  func hostileArgumentsStayArguments(value: String) async throws {
    let shell = try LocalShell()
    let connection = HostConnection(connector: Connector(shell: shell), target: SSHTarget(host: "vm", user: "cloud", identityFile: nil))
    let tools = Dictionary(uniqueKeysWithValues: HostTools.all(connection, appDirectory: "/nonexistent", runner: NoCommands()).map { ($0.spec.name, $0) })
    let context = ToolContext(vault: SecretVault())
    let calls: [(String, JSONValue)] = [
      ("host_run_container", .object([
        ("name", .string(value)), ("image", .string(value)), ("ports", .array([.int(8080)])),
        ("mounts", .object([("/data" + value, .string("/app" + value))])), ("command", .string(value)), ("start", .bool(true)),
      ])),
      ("host_mount_volume", .object([("path", .string("/data" + value))])),
      ("host_mount_volume", .object([("path", .string("/data")), ("device", .string("/dev/vdb" + value))])),
      ("host_logs", .object([("name", .string(value))])),
    ]
    for (name, arguments) in calls {
      _ = try? await tools[name]?.run(arguments, context: context)
    }
    let pwned = FileManager.default.fileExists(atPath: shell.directory.appendingPathComponent("PWNED").path)
    #expect(!pwned, "a command was injected through \(value.debugDescription)")
    let log = await shell.log
    let readable = log.replacingOccurrences(of: "\0", with: " ")
    #expect(log.contains("docker\0rm\0-f\0\(value)\0"), "\(readable)")
    #expect(log.contains("\0\(value)\0"), "\(readable)")
  }

  @Test(arguments: ["/data$(touch${IFS}PWNED)", "/data`touch${IFS}PWNED`", "/data';touch${IFS}PWNED;'", "/data\";touch${IFS}PWNED;\""])
  func hostileMountPathsReachTheCommandsLiterally(path: String) async throws {
    let shell = try LocalShell()
    let connection = HostConnection(connector: Connector(shell: shell), target: SSHTarget(host: "vm", user: "cloud", identityFile: nil))
    let tool = HostPlaybooks.mountVolume(connection)
    _ = try await tool.run(.object([("path", .string(path))]), context: ToolContext(vault: SecretVault()))
    let pwned = FileManager.default.fileExists(atPath: shell.directory.appendingPathComponent("PWNED").path)
    #expect(!pwned)
    let log = await shell.log
    #expect(log.contains("findmnt\0-no\0SOURCE,TARGET,SIZE\0\(path)\0"))
    #expect(log.contains("\0mkdir\0-p\0\(path)\0"))
  }

  struct NoCommands: CommandRunner {
    func run(_ request: CommandRequest) async throws(CommandError) -> CommandResult {
      throw .notFound(executable: request.executable)
    }
  }
}
