import Foundation
internal import LandfallCore
internal import LandfallRigs
internal import LandfallTransport

/// Upload throughput to an OpenSSH server on loopback: Landfall's libssh2 SFTP upload against
/// OpenSSH's own `scp` to the same server, in the same run.
public struct SSHUploadBenchmark {
  /// Megabytes per second for both, best of `rounds`.
  public struct Figures: Sendable {
    public var megabytes: Int
    public var landfallMBps: Double
    public var scpMBps: Double
  }

  /// A benchmark.
  public init() {}

  /// Uploads `megabytes` of random data `rounds` times each way.
  public func run(megabytes: Int, rounds: Int) async throws -> Figures {
    let server = try LoopbackSSHServer()
    defer { server.stop() }
    var generator = SystemRandomNumberGenerator()
    var data = [UInt8](repeating: 0, count: megabytes << 20)
    for index in stride(from: 0, to: data.count, by: 8) {
      let word = generator.next()
      for offset in 0..<8 { data[index + offset] = UInt8(truncatingIfNeeded: word >> (offset * 8)) }
    }
    let local = server.directory + "/payload.bin"
    try Data(data).write(to: URL(fileURLWithPath: local))
    let connector = LibSSH2Connector(knownHostsPath: server.directory + "/known_hosts")
    let target = SSHTarget(host: "127.0.0.1", port: server.port, user: server.user, identityFile: server.ed25519Key)
    let session = try await connector.connect(to: target)
    let clock = ContinuousClock()
    var landfall = Duration.seconds(1_000)
    var scp = Duration.seconds(1_000)
    for round in 0..<rounds {
      let ours = try await clock.measure { try await session.upload(data, to: server.directory + "/sftp-\(round).bin", mode: 0o600) }
      landfall = min(landfall, ours)
      let theirs = try clock.measure {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/scp")
        process.arguments = [
          "-q", "-i", server.ed25519Key, "-P", String(server.port), "-o", "StrictHostKeyChecking=no",
          "-o", "UserKnownHostsFile=/dev/null", local, "\(server.user)@127.0.0.1:\(server.directory)/scp-\(round).bin",
        ]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
      }
      scp = min(scp, theirs)
    }
    await session.close()
    return Figures(megabytes: megabytes, landfallMBps: Double(megabytes) / landfall.seconds, scpMBps: Double(megabytes) / scp.seconds)
  }
}
