import Foundation
import LandfallCore
import LandfallFakes
import LandfallRigs
import LandfallTestSupport
import LandfallTransport
import Testing

@Suite(.serialized, .ownThreads) struct LibSSH2SessionTests {
  func connector(_ directory: String) -> LibSSH2Connector {
    LibSSH2Connector(knownHostsPath: directory + "/landfall/known_hosts")
  }

  func target(_ server: LoopbackSSHServer, key: String) -> SSHTarget {
    SSHTarget(host: "127.0.0.1", port: server.port, user: server.user, identityFile: key, connectTimeout: .seconds(5))
  }

  @Test func ed25519LoginRunsCommandsWithStatusAndBothStreams() async throws {
    let server = try LoopbackSSHServer()
    defer { server.stop() }
    let session = try await connector(server.directory).connect(to: target(server, key: server.ed25519Key))
    let result = try await session.exec("echo out; echo err >&2; exit 7", input: [])
    #expect(result.exitStatus == 7)
    #expect(result.output == "out\n")
    #expect(result.errors == "err\n")
    let input = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 % 251) }
    let echoed = try await session.exec("cat", input: input)
    #expect(echoed.standardOutput == input)
    await session.close()
  }

  @Test func aCommandThatNeverStopsPrintingIsStoppedAtTheLimit() async throws {
    let server = try LoopbackSSHServer()
    defer { server.stop() }
    let session = try await connector(server.directory).connect(to: target(server, key: server.ed25519Key))
    do {
      _ = try await session.exec("cat /dev/zero", input: [])
      Issue.record("an endless command returned")
    } catch {
      #expect("\(error)".contains("printed more than 64 MiB"), "\(error)")
    }
    let after = try await session.exec("echo still here", input: [])
    #expect(after.output == "still here\n", "the session outlives the stopped command")
    await session.close()
  }

  @Test func aResumedSessionsServerLogsInOnlyWhileItsKeyIsStillPinned() async throws {
    let server = try LoopbackSSHServer()
    defer { server.stop() }
    var restored = target(server, key: server.ed25519Key)
    restored.pinnedKeyOnly = true
    do throws(SSHError) {
      _ = try await connector(server.directory).connect(to: restored)
      Issue.record("a restored server with no pinned key was logged in to")
    } catch {
      #expect(error.description.contains("no longer pinned"), "\(error)")
    }
    #expect(!FileManager.default.fileExists(atPath: server.directory + "/landfall/known_hosts"), "nothing was pinned")
    let first = try await connector(server.directory).connect(to: target(server, key: server.ed25519Key))
    await first.close()
    let resumed = try await connector(server.directory).connect(to: restored)
    #expect(try await resumed.exec("printf ok", input: []).output == "ok")
    await resumed.close()
  }

  @Test func rsaKeysWorkToo() async throws {
    let server = try LoopbackSSHServer()
    defer { server.stop() }
    let session = try await connector(server.directory).connect(to: target(server, key: server.rsaKey))
    #expect(try await session.exec("printf ok", input: []).output == "ok")
    await session.close()
  }

  @Test func theHostKeyIsPinnedOnFirstUseAndAChangeIsRefused() async throws {
    let server = try LoopbackSSHServer()
    defer { server.stop() }
    let pins = server.directory + "/landfall/known_hosts"
    let first = try await connector(server.directory).connect(to: target(server, key: server.ed25519Key))
    await first.close()
    let pinned = try String(contentsOfFile: pins, encoding: .utf8)
    #expect(pinned.hasPrefix("[127.0.0.1]:\(server.port) ssh-ed25519 SHA256:"))
    let mode = try FileManager.default.attributesOfItem(atPath: pins)[.posixPermissions] as? Int
    #expect(mode == 0o600)
    let again = try await connector(server.directory).connect(to: target(server, key: server.ed25519Key))
    await again.close()
    let other = try LoopbackSSHServer(hostKeyName: "other_host_key")
    defer { other.stop() }
    let forged = pinned.replacingOccurrences(of: "[127.0.0.1]:\(server.port)", with: "[127.0.0.1]:\(other.port)")
    try Data(forged.utf8).write(to: URL(fileURLWithPath: other.directory + "/known_hosts"))
    let otherConnector = LibSSH2Connector(knownHostsPath: other.directory + "/known_hosts")
    do throws(SSHError) {
      _ = try await otherConnector.connect(to: target(other, key: other.ed25519Key))
      Issue.record("a changed host key was accepted")
    } catch {
      guard case .hostKeyChanged(_, let expected, let actual) = error else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(expected != actual)
      #expect(error.description.contains("host key"))
      #expect(error.description.contains(expected) && error.description.contains(actual))
    }
  }

  @Test func theHostKeyIsReadBeforeLoginAndOnlyTheApprovedKeyIsPinned() async throws {
    let server = try LoopbackSSHServer()
    defer { server.stop() }
    let pins = server.directory + "/landfall/known_hosts"
    let offered = try await connector(server.directory).hostKey(of: target(server, key: server.ed25519Key))
    #expect(offered.standing == .firstUse)
    #expect(offered.type == "ssh-ed25519" && offered.fingerprint.hasPrefix("SHA256:"))
    #expect(!FileManager.default.fileExists(atPath: pins), "looking at the key pinned it")
    var wrong = target(server, key: server.ed25519Key)
    wrong.approvedHostKey = "SHA256:notTheKeyThePersonWasShown"
    await #expect(throws: SSHError.self) { _ = try await connector(server.directory).connect(to: wrong) }
    #expect(!FileManager.default.fileExists(atPath: pins), "a key the person did not approve was pinned")
    var approved = target(server, key: server.ed25519Key)
    approved.approvedHostKey = offered.fingerprint
    let session = try await connector(server.directory).connect(to: approved)
    await session.close()
    #expect(try String(contentsOfFile: pins, encoding: .utf8).contains(offered.fingerprint))
    #expect(try await connector(server.directory).hostKey(of: approved).standing == .matches)
  }

  @Test func aFiftyMegabyteUploadArrivesIntact() async throws {
    let server = try LoopbackSSHServer()
    defer { server.stop() }
    let session = try await connector(server.directory).connect(to: target(server, key: server.ed25519Key))
    var generator = SystemRandomNumberGenerator()
    var data = [UInt8](repeating: 0, count: 50 << 20)
    for index in stride(from: 0, to: data.count, by: 8) {
      let word = generator.next()
      for offset in 0..<8 { data[index + offset] = UInt8(truncatingIfNeeded: word >> (offset * 8)) }
    }
    let remote = server.directory + "/upload.bin"
    try await session.upload(data, to: remote, mode: 0o640)
    let local = server.directory + "/local.bin"
    try Data(data).write(to: URL(fileURLWithPath: local))
    let remoteSum = try await session.exec("sha256sum \(remote) | cut -d' ' -f1; stat -c %a \(remote)", input: []).output
    let localSum = try await session.exec("sha256sum \(local) | cut -d' ' -f1", input: []).output
    #expect(remoteSum == localSum + "640\n")
    let back = try await session.download(remote)
    #expect(back.count == data.count)
    await session.close()
  }

  @Test func wrongKeysUnreachableHostsAndDroppedConnectionsAreClearErrors() async throws {
    let server = try LoopbackSSHServer()
    let stranger = server.directory + "/stranger"
    try LoopbackSSHServer.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", stranger])
    await #expect(throws: SSHError.self) {
      _ = try await connector(server.directory).connect(to: target(server, key: stranger))
    }
    let session = try await connector(server.directory).connect(to: target(server, key: server.ed25519Key))
    server.stop()
    await #expect(throws: SSHError.self) { _ = try await session.exec("sleep 1", input: []) }
    await session.close()
    let closed = try ReservedPort()
    let port = closed.port
    do throws(SSHError) {
      _ = try await connector(server.directory).connect(to: SSHTarget(host: "127.0.0.1", port: port, user: "x", identityFile: nil))
      Issue.record("expected unreachable")
    } catch {
      guard case .unreachable(let host, let failedPort, _) = error else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(host == "127.0.0.1")
      #expect(failedPort == port)
    }
  }
}

@Suite(.serialized, .ownThreads) struct EncryptedKeyTests {
  struct Typist: SecretPrompter {
    let answer: String?
    func askSecret(name: String, purpose: String) async -> String? { answer }
  }

  @Test func aKeyWithAPassphraseIsAskedForAndOtherwiseExplained() async throws {
    let server = try LoopbackSSHServer()
    defer { server.stop() }
    let locked = server.directory + "/locked"
    try LoopbackSSHServer.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "open sesame", "-f", locked])
    let authorized = try String(contentsOfFile: server.directory + "/authorized_keys", encoding: .utf8)
      + String(contentsOfFile: locked + ".pub", encoding: .utf8)
    try Data(authorized.utf8).write(to: URL(fileURLWithPath: server.directory + "/authorized_keys"))
    let target = SSHTarget(host: "127.0.0.1", port: server.port, user: server.user, identityFile: locked, connectTimeout: .seconds(5))
    let asked = LibSSH2Connector(knownHostsPath: server.directory + "/kh", passphrase: Typist(answer: "open sesame"))
    let session = try await asked.connect(to: target)
    #expect(try await session.exec("printf unlocked", input: []).output == "unlocked")
    await session.close()
    let noTerminal = LibSSH2Connector(knownHostsPath: server.directory + "/kh", passphrase: Typist(answer: nil))
    do throws(SSHError) {
      _ = try await noTerminal.connect(to: target)
      Issue.record("expected a failure")
    } catch {
      #expect(error.description.contains("needs a passphrase"))
      #expect(error.description.contains("ssh-agent"))
    }
  }
}

/// ssh-agent is reached only at the socket the wiring hands the connector.
@Suite(.ownThreads) struct SSHAgentTests {
  @Test func withoutAKeyFileTheAgentAtTheGivenSocketLogsIn() async throws {
    let server = try LoopbackSSHServer()
    defer { server.stop() }
    let socket = server.directory + "/agent.sock"
    let agent = try Self.startAgent(socket: socket)
    defer {
      kill(agent, SIGTERM)
      waitpid(agent, nil, 0)
    }
    try Self.addKey(server.ed25519Key, socket: socket)
    let target = SSHTarget(host: "127.0.0.1", port: server.port, user: server.user, identityFile: nil, connectTimeout: .seconds(5))
    let session = try await LibSSH2Connector(knownHostsPath: server.directory + "/kh", agentSocket: socket).connect(to: target)
    #expect(try await session.exec("printf agent", input: []).output == "agent")
    await session.close()
    do throws(SSHError) {
      _ = try await LibSSH2Connector(knownHostsPath: server.directory + "/kh").connect(to: target)
      Issue.record("expected a failure without an agent socket")
    } catch {
      #expect(error.description.contains("no ssh-agent running"))
    }
  }

  /// Starts ssh-agent in the foreground on `socket` and returns its pid once the socket exists.
  static func startAgent(socket: String) throws -> pid_t {
    let pid = try DetachedProcess.spawn("/usr/bin/ssh-agent", ["-D", "-a", socket])
    for _ in 0..<100 where !FileManager.default.fileExists(atPath: socket) {
      var status: Int32 = 0
      if waitpid(pid, &status, WNOHANG) == pid { throw SSHError.failed("ssh-agent exited at start") }
      usleep(50_000)
    }
    return pid
  }

  /// Adds `key` to the agent at `socket`, waiting for ssh-add itself (not for every process
  /// that may share its descriptors) and trying again while the agent is not yet listening.
  static func addKey(_ key: String, socket: String) throws {
    for _ in 0..<20 {
      let pid = try DetachedProcess.spawn("/usr/bin/env", ["SSH_AUTH_SOCK=\(socket)", "/usr/bin/ssh-add", "-q", key])
      var status: Int32 = 0
      guard waitpid(pid, &status, 0) == pid else { throw SSHError.failed("ssh-add could not be waited for") }
      if status == 0 { return }
      usleep(100_000)
    }
    throw SSHError.failed("ssh-add \(key) failed")
  }
}

@Suite(.serialized, .ownThreads) struct SSHStreamingTests {
  final class Feeder: @unchecked Sendable {
    // Only called from the session's queue, one call at a time.
    private var remaining = 10
    func next() -> [UInt8]? {
      guard remaining > 0 else { return nil }
      remaining -= 1
      return [UInt8](repeating: UInt8(ascii: "x"), count: 100_000)
    }
  }

  func session(_ server: LoopbackSSHServer) async throws -> any SSHSession {
    let target = SSHTarget(host: "127.0.0.1", port: server.port, user: server.user, identityFile: server.ed25519Key)
    return try await LibSSH2Connector(knownHostsPath: server.directory + "/kh").connect(to: target)
  }

  @Test func outputArrivesAsItIsWrittenAndInputIsPulledInPieces() async throws {
    let server = try LoopbackSSHServer()
    defer { server.stop() }
    let ssh = try await session(server)
    let chunks = Collected<[UInt8]>()
    let status = try await ssh.stream("for i in 1 2 3; do echo $i; sleep 0.3; done", input: { nil }) { bytes, _ in
      chunks.add(bytes)
    }
    #expect(status == 0)
    #expect(chunks.all.count >= 2)
    #expect(chunks.all.flatMap { $0 } == Array("1\n2\n3\n".utf8))
    let feeder = Feeder()
    let counted = try await ssh.exec("true", input: [])
    #expect(counted.exitStatus == 0)
    let sizes = Collected<[UInt8]>()
    _ = try await ssh.stream("wc -c", input: { feeder.next() }) { bytes, _ in sizes.add(bytes) }
    #expect(String(decoding: sizes.all.flatMap { $0 }, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) == "1000000")
    await ssh.close()
  }

  @Test func uploadsReportProgress() async throws {
    let server = try LoopbackSSHServer()
    defer { server.stop() }
    let ssh = try await session(server)
    let marks = Collected<Int>()
    let data = [UInt8](repeating: 7, count: 5 << 20)
    try await ssh.upload(data, to: server.directory + "/p.bin", mode: 0o600) { sent, _ in marks.add(sent) }
    let seen = marks.all
    #expect(seen.count >= 2)
    #expect(seen.max() == data.count)
    await ssh.close()
  }

  @Test func cancellingStopsARunningCommand() async throws {
    let server = try LoopbackSSHServer()
    defer { server.stop() }
    let ssh = try await session(server)
    let (started, signal) = AsyncStream<Void>.makeStream()
    let task = Task {
      try await ssh.stream("echo started; sleep 30; echo finished", input: { nil }) { _, _ in signal.yield() }
    }
    for await _ in started { break }
    task.cancel()
    let result = await task.result
    #expect(throws: SSHError.self) { try result.get() }
    await ssh.close()
  }
}
